import {
  ContactLookup,
  PageRequest,
  type AccessContext,
  type ContactIdentity,
  type Platform,
  type Timeline,
  type TimelineEntry,
  type TimelineStore,
} from '@teachback/core';
import type { IdentifierKind } from '../crypto/blind-index';
import { allows } from './access-check';
import { auditEvent } from './audit-appender';
import type { SqlContext } from './context';
import type { Row } from './driver';
import { pageQuery } from './paging';
import { num } from './rows';
import { notFound, parse } from './validation';

const TIMELINE_COLUMNS =
  'id, platform, external_id, channel, direction, occurred_at, duration_ms, agent_ids, score, compliant, escalation_count';

export class SqlTimeline implements TimelineStore {
  constructor(private readonly sql: SqlContext) {}

  async forContact(
    ctx: AccessContext,
    tenantId: string,
    lookup: ContactLookup,
    page: PageRequest = {},
  ): Promise<Timeline> {
    const l = parse(ContactLookup, lookup, 'lookup');
    const p = parse(PageRequest, page, 'page');
    await this.sql.access.authorize(ctx, 'read', { type: 'timeline', tenantId }, null);
    await this.sql.crypto.load(tenantId);
    const contactId = 'contactId' in l ? l.contactId : await this.contactByIdentifier(tenantId, l);
    const c = contactId
      ? await this.sql.driver.get<{ identity_enc: string }>(
          'SELECT identity_enc FROM contacts WHERE tenant_id = ? AND id = ?',
          [tenantId, contactId],
        )
      : undefined;
    if (!contactId || !c) {
      await this.sql.audit.append(auditEvent(ctx, 'phi.search', 'timeline', null, { found: false }));
      throw notFound('contact');
    }
    const page_ = await pageQuery(
      this.sql.driver,
      `SELECT ${TIMELINE_COLUMNS} FROM interactions`,
      ['tenant_id = ?', 'contact_id = ?'],
      [tenantId, contactId],
      p,
    );
    const entries = page_.items.map(toEntry);
    const identity: ContactIdentity = allows(ctx.actor, 'read', { type: 'contact', tenantId })
      ? this.sql.crypto.open(
          { tenantId, table: 'contacts', rowId: contactId, field: 'identity_enc' },
          c.identity_enc,
        )
      : { phones: [], emails: [] };
    await this.sql.audit.append(
      auditEvent(ctx, 'phi.read', 'timeline', contactId, { entries: entries.length }),
    );
    return { contact: { id: contactId, tenantId, identity }, entries, nextCursor: page_.nextCursor };
  }

  /** Looked up by blind digest: the identifier itself is never stored or queried. */
  private async contactByIdentifier(
    tenantId: string,
    l: Exclude<ContactLookup, { contactId: string }>,
  ): Promise<string | undefined> {
    const [kind, value]: [IdentifierKind, string] =
      'phone' in l
        ? ['phone', l.phone]
        : 'email' in l
          ? ['email', l.email]
          : 'memberId' in l
            ? ['member', l.memberId]
            : ['crm', l.crmId];
    const k = await this.sql.driver.get<{ contact_id: string }>(
      'SELECT contact_id FROM contact_keys WHERE tenant_id = ? AND kind = ? AND digest = ?',
      [tenantId, kind, this.sql.crypto.index(tenantId, kind, value)],
    );
    return k?.contact_id;
  }
}

function toEntry(r: Row): TimelineEntry {
  return {
    interactionId: String(r.id),
    platform: r.platform as Platform,
    externalId: String(r.external_id),
    channel: r.channel as TimelineEntry['channel'],
    direction: r.direction as TimelineEntry['direction'],
    occurredAt: String(r.occurred_at),
    durationMs: num(r.duration_ms),
    agentIds: JSON.parse(String(r.agent_ids)) as string[],
    score: num(r.score),
    compliant: r.compliant === null ? null : Number(r.compliant) === 1,
    escalationCount: Number(r.escalation_count),
  };
}
