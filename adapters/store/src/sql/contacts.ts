import { randomUUID } from 'node:crypto';
import type { ContactIdentity, Interaction } from '@teachback/core';
import { normalizeIdentifier, type IdentifierKind } from '../crypto/blind-index';
import type { SqlContext } from './context';
import type { SqlExecutor } from './driver';
import { stableStringify } from './hashing';

interface ContactKeys {
  identity: ContactIdentity;
  keys: Array<{ kind: IdentifierKind; value: string }>;
}

/** Who the customer on the call is, and every identifier the timeline can find them by. */
function contactIdentifiers(i: Interaction): ContactKeys {
  const c = i.contact;
  const customers = i.participants.filter((p) => p.role === 'customer');
  const phones = [
    ...new Set([...(c?.phones ?? []), ...customers.flatMap((p) => (p.phone ? [p.phone] : []))]),
  ];
  const emails = [
    ...new Set([...(c?.emails ?? []), ...customers.flatMap((p) => (p.email ? [p.email] : []))]),
  ];
  const name = c?.name ?? customers.find((p) => p.name)?.name;
  const identity: ContactIdentity = { ...(c ?? {}), ...(name ? { name } : {}), phones, emails };
  const keys: Array<{ kind: IdentifierKind; value: string }> = [];
  if (c?.memberId) keys.push({ kind: 'member', value: c.memberId });
  if (c?.crmId) keys.push({ kind: 'crm', value: c.crmId });
  for (const p of phones) keys.push({ kind: 'phone', value: p });
  for (const e of emails) keys.push({ kind: 'email', value: e });
  return { identity, keys: keys.filter((k) => normalizeIdentifier(k.kind, k.value) !== undefined) };
}

/**
 * Finds the contact any identifier of the call already points to, or creates one; merges what is
 * new and indexes every identifier by its blind digest. Null when the call names nobody.
 */
export async function indexContacts(
  sql: SqlContext,
  tx: SqlExecutor,
  tenantId: string,
  i: Interaction,
): Promise<string | null> {
  const { identity, keys } = contactIdentifiers(i);
  if (keys.length === 0) return null;
  const digests = keys.map((k) => ({ kind: k.kind, digest: sql.crypto.index(tenantId, k.kind, k.value) }));
  // Sorted here, not in SQL: an ORDER BY would steer the planner off the digest index.
  const found = (
    await tx.all<{ contact_id: string }>(
      `SELECT contact_id FROM contact_keys WHERE tenant_id = ? AND digest IN (${digests.map(() => '?').join(', ')})`,
      [tenantId, ...digests.map((d) => d.digest)],
    )
  ).sort((a, b) => (a.contact_id < b.contact_id ? -1 : a.contact_id > b.contact_id ? 1 : 0));
  const known = found[0]?.contact_id;
  let contactId = known ?? (await createContact(sql, tx, tenantId, identity));
  if (known) await mergeContact(sql, tx, tenantId, known, identity);
  await tx.run(
    `INSERT INTO contact_keys (tenant_id, kind, digest, contact_id) VALUES ${digests.map(() => '(?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
    digests.flatMap((d) => [tenantId, d.kind, d.digest, contactId]),
  );
  // SQLite has one writer at a time, so only PostgreSQL can lose this race.
  if (found.length === 0 && sql.driver.kind === 'postgres') {
    contactId = await joinConcurrentContact(tx, tenantId, contactId, digests[0]!);
  }
  return contactId;
}

async function createContact(
  sql: SqlContext,
  tx: SqlExecutor,
  tenantId: string,
  identity: ContactIdentity,
): Promise<string> {
  const contactId = randomUUID();
  const now = sql.now();
  await tx.run(
    'INSERT INTO contacts (tenant_id, id, identity_enc, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    [
      tenantId,
      contactId,
      sql.crypto.seal({ tenantId, table: 'contacts', rowId: contactId, field: 'identity_enc' }, identity),
      now,
      now,
    ],
  );
  return contactId;
}

/** What is already known wins; new phones and emails are added. */
async function mergeContact(
  sql: SqlContext,
  tx: SqlExecutor,
  tenantId: string,
  contactId: string,
  identity: ContactIdentity,
): Promise<void> {
  const addr = { tenantId, table: 'contacts', rowId: contactId, field: 'identity_enc' };
  const row = await tx.get<{ identity_enc: string }>(
    'SELECT identity_enc FROM contacts WHERE tenant_id = ? AND id = ?',
    [tenantId, contactId],
  );
  const old = sql.crypto.open<ContactIdentity>(addr, row!.identity_enc);
  const merged: ContactIdentity = {
    ...identity,
    ...old,
    phones: [...new Set([...old.phones, ...identity.phones])],
    emails: [...new Set([...old.emails, ...identity.emails])],
  };
  if (stableStringify(merged) === stableStringify(old)) return;
  await tx.run('UPDATE contacts SET identity_enc = ?, updated_at = ? WHERE tenant_id = ? AND id = ?', [
    sql.crypto.seal(addr, merged),
    sql.now(),
    tenantId,
    contactId,
  ]);
}

/** A concurrent writer (PostgreSQL) may have created the same person first: join theirs. */
async function joinConcurrentContact(
  tx: SqlExecutor,
  tenantId: string,
  contactId: string,
  first: { kind: IdentifierKind; digest: string },
): Promise<string> {
  const owner = await tx.get<{ contact_id: string }>(
    'SELECT contact_id FROM contact_keys WHERE tenant_id = ? AND kind = ? AND digest = ?',
    [tenantId, first.kind, first.digest],
  );
  if (!owner || owner.contact_id === contactId) return contactId;
  await tx.run('UPDATE contact_keys SET contact_id = ? WHERE tenant_id = ? AND contact_id = ?', [
    owner.contact_id,
    tenantId,
    contactId,
  ]);
  await tx.run('DELETE FROM contacts WHERE tenant_id = ? AND id = ?', [tenantId, contactId]);
  return owner.contact_id;
}
