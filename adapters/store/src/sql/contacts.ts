import { randomUUID } from 'node:crypto';
import type { ContactIdentity, Interaction } from '@teachback/core';
import { normalizeIdentifier, type IdentifierKind } from '../crypto/blind-index';
import type { SqlContext } from './context';
import type { Row, SqlExecutor, SqlValue } from './driver';
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

/** One call's customer identity and the blind digests of its identifiers. */
export interface CallDigests {
  identity: ContactIdentity;
  digests: Array<{ kind: IdentifierKind; digest: string }>;
}

/** A contact key found by digest, with the contact it points to (the lookup's row). */
export interface ContactKeyRow extends Row {
  kind: string;
  digest: string;
  contact_id: string;
  identity_enc: string;
}

export function callDigests(sql: SqlContext, tenantId: string, i: Interaction): CallDigests {
  const { identity, keys } = contactIdentifiers(i);
  const digests = keys.map((k) => ({ kind: k.kind, digest: sql.crypto.index(tenantId, k.kind, k.value) }));
  return { identity, digests };
}

/**
 * The contact keys lookup of `digests` (one `?` each, after the tenant's) as a SELECT whose rows
 * are ContactKeyRows under other column names: a save on PostgreSQL sends it in the same
 * statement as its own row's lookup (interaction-save.ts), a round trip fewer.
 */
export function contactKeysLookup(digests: number, columns: string): string {
  return `SELECT ${columns} FROM contact_keys k JOIN contacts c ON c.tenant_id = k.tenant_id AND c.id = k.contact_id WHERE k.tenant_id = ? AND k.digest IN (${Array.from({ length: digests }, () => '?').join(', ')})`;
}

/**
 * Finds the contact any identifier of the call already points to, or creates one; merges what is
 * new and indexes every identifier by its blind digest. Null when the call names nobody.
 * `looked` is the call's digests with the lookup's rows when the caller already fetched them.
 */
export async function indexContacts(
  sql: SqlContext,
  tx: SqlExecutor,
  tenantId: string,
  i: Interaction,
  looked?: { call: CallDigests; rows: ContactKeyRow[] },
): Promise<string | null> {
  return (await resolveContacts(sql, tx, tenantId, [i], looked))[0]!;
}

interface Known {
  identity: ContactIdentity;
  created: boolean;
  changed: boolean;
}

/**
 * `indexContacts` for calls in order, as if each ran alone after the one before it, in a few
 * statements however many calls there are: one lookup of every digest (with the contacts it
 * points to), then the new contacts, the merged ones and the new keys written once each.
 * A later call merging into a contact an earlier one created sees it, as it would one by one.
 */
export async function resolveContacts(
  sql: SqlContext,
  tx: SqlExecutor,
  tenantId: string,
  calls: readonly Interaction[],
  looked?: { call: CallDigests; rows: ContactKeyRow[] },
): Promise<Array<string | null>> {
  const perCall = looked ? [looked.call] : calls.map((i) => callDigests(sql, tenantId, i));
  const owner = new Map<string, string>(); // `${kind}:${digest}` → contact id
  const contacts = new Map<string, Known>();
  const found = (rows: readonly ContactKeyRow[]): void => {
    for (const r of rows) {
      owner.set(`${r.kind}:${r.digest}`, r.contact_id);
      if (!contacts.has(r.contact_id)) {
        const addr = { tenantId, table: 'contacts', rowId: r.contact_id, field: 'identity_enc' };
        const identity = sql.crypto.open<ContactIdentity>(addr, r.identity_enc);
        contacts.set(r.contact_id, { identity, created: false, changed: false });
      }
    }
  };
  if (looked) found(looked.rows);
  else {
    const all = [...new Set(perCall.flatMap((c) => c.digests.map((d) => d.digest)))];
    for (let i = 0; i < all.length; i += LOOKUP_ROWS) {
      const part = all.slice(i, i + LOOKUP_ROWS);
      found(
        await tx.all<ContactKeyRow>(
          contactKeysLookup(part.length, 'k.kind, k.digest, k.contact_id, c.identity_enc'),
          [tenantId, ...part],
        ),
      );
    }
  }
  const newKeys: Array<{ kind: string; digest: string; contactId: string }> = [];
  const out = perCall.map(({ identity, digests }) => {
    if (digests.length === 0) return null;
    // The lowest id any identifier points to, as one call alone picks it.
    const found = digests
      .map((d) => owner.get(`${d.kind}:${d.digest}`))
      .filter((id): id is string => id !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let contactId = found[0];
    if (contactId === undefined) {
      contactId = randomUUID();
      contacts.set(contactId, { identity, created: true, changed: false });
    } else {
      const c = contacts.get(contactId)!;
      const merged = mergeIdentity(c.identity, identity);
      if (stableStringify(merged) !== stableStringify(c.identity)) {
        c.identity = merged;
        c.changed = true;
      }
    }
    for (const d of digests) {
      const k = `${d.kind}:${d.digest}`;
      if (owner.has(k)) continue;
      owner.set(k, contactId);
      newKeys.push({ kind: d.kind, digest: d.digest, contactId });
    }
    return contactId;
  });
  const inserted = await writeContacts(sql, tx, tenantId, contacts, newKeys);
  // SQLite has one writer at a time, so only PostgreSQL can lose this race: a concurrent writer
  // created the same person first (its key held ours back); join theirs.
  if (sql.driver.kind !== 'postgres' || inserted === newKeys.length) return out;
  const moved = new Map<string, string>();
  for (const [id, c] of contacts) {
    if (!c.created) continue;
    const first = perCall.find((_, n) => out[n] === id)!.digests[0]!;
    const to = await joinConcurrentContact(tx, tenantId, id, first);
    if (to !== id) moved.set(id, to);
  }
  return out.map((id) => (id === null ? null : (moved.get(id) ?? id)));
}

const LOOKUP_ROWS = 500;

/** What is already known wins; new phones and emails are added. */
function mergeIdentity(old: ContactIdentity, identity: ContactIdentity): ContactIdentity {
  return {
    ...identity,
    ...old,
    phones: [...new Set([...old.phones, ...identity.phones])],
    emails: [...new Set([...old.emails, ...identity.emails])],
  };
}

interface Statement {
  text: string;
  params: SqlValue[];
}

/**
 * New contacts and the new keys in multi-row INSERTs (on PostgreSQL one statement for both when
 * they fit), a known contact whose identity grew in one UPDATE each. Returns how many keys were
 * inserted: fewer than asked when a concurrent writer holds some.
 */
async function writeContacts(
  sql: SqlContext,
  tx: SqlExecutor,
  tenantId: string,
  contacts: Map<string, Known>,
  keys: ReadonlyArray<{ kind: string; digest: string; contactId: string }>,
): Promise<number> {
  const now = sql.now();
  const seal = (id: string, identity: ContactIdentity): string =>
    sql.crypto.seal({ tenantId, table: 'contacts', rowId: id, field: 'identity_enc' }, identity);
  const created = [...contacts].filter(([, c]) => c.created);
  const contactRows: Statement[] = chunks(created, LOOKUP_ROWS).map((part) => ({
    text: `INSERT INTO contacts (tenant_id, id, identity_enc, created_at, updated_at) VALUES ${part.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
    params: part.flatMap(([id, c]) => [tenantId, id, seal(id, c.identity), now, now]),
  }));
  const pg = sql.driver.kind === 'postgres';
  const keyRows: Statement[] = chunks(keys, LOOKUP_ROWS).map((part) => ({
    text: `INSERT INTO contact_keys (tenant_id, kind, digest, contact_id) VALUES ${part.map(() => '(?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING${pg ? ' RETURNING digest' : ''}`,
    params: part.flatMap((k) => [tenantId, k.kind, k.digest, k.contactId]),
  }));
  for (const [id, c] of contacts) {
    if (c.created || !c.changed) continue;
    await tx.run('UPDATE contacts SET identity_enc = ?, updated_at = ? WHERE tenant_id = ? AND id = ?', [
      seal(id, c.identity),
      now,
      tenantId,
      id,
    ]);
  }
  if (pg && contactRows.length === 1 && keyRows.length === 1) {
    // The keys' foreign key is checked at the end of the statement, the contacts inserted by then.
    const [c, k] = [contactRows[0]!, keyRows[0]!];
    return (await tx.all(`WITH c AS (${c.text}) ${k.text}`, [...c.params, ...k.params])).length;
  }
  for (const c of contactRows) await tx.run(c.text, c.params);
  let inserted = 0;
  for (const k of keyRows)
    inserted += pg ? (await tx.all(k.text, k.params)).length : await tx.run(k.text, k.params);
  return inserted;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
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
