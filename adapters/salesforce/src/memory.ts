import type { CallLogIndex, DirectorySink, SalesforceCase, SalesforcePerson, UpsertOutcome } from './ports';

/*
 * In-memory versions of the Salesforce-only ports (CRM directory, call-log index), for tests. The
 * sync ports' in-memory versions (checkpoints, interactions, push receipts, quarantine) are core's.
 */

class HashedRows<T> {
  readonly rows = new Map<string, { value: T; hash: string; writes: number }>();
  created = 0;
  updated = 0;
  unchanged = 0;
  put(key: string, value: T, hash: string): UpsertOutcome {
    const row = this.rows.get(key);
    if (!row) {
      this.rows.set(key, { value, hash, writes: 1 });
      this.created++;
      return 'created';
    }
    if (row.hash === hash) {
      this.unchanged++;
      return 'unchanged';
    }
    this.rows.set(key, { value, hash, writes: row.writes + 1 });
    this.updated++;
    return 'updated';
  }
  values(): T[] {
    return [...this.rows.values()].map((r) => r.value);
  }
}

export class MemoryDirectory implements DirectorySink {
  readonly people = new HashedRows<SalesforcePerson>();
  readonly cases = new HashedRows<SalesforceCase>();
  async upsertPerson(tenantId: string, person: SalesforcePerson, hash: string): Promise<UpsertOutcome> {
    return this.people.put(`${tenantId}|${person.contactId}`, person, hash);
  }
  async upsertCase(tenantId: string, record: SalesforceCase, hash: string): Promise<UpsertOutcome> {
    return this.cases.put(`${tenantId}|${record.id}`, record, hash);
  }
}

export class MemoryCallLogs implements CallLogIndex {
  readonly owners = new Map<string, string>();
  async put(tenantId: string, taskId: string, voiceCallId: string): Promise<void> {
    this.owners.set(`${tenantId}|${taskId}`, voiceCallId);
  }
  async get(tenantId: string, taskId: string): Promise<string | undefined> {
    return this.owners.get(`${tenantId}|${taskId}`);
  }
}
