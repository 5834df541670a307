import { z } from 'zod';
import type { ContactIdentity, Interaction } from '../model';
import { nameTokens, normalizeEmail, phoneToE164, sameName } from './identity-keys';

/**
 * What we know about one person from the systems of record (CRM contacts, Person Accounts,
 * member files). All fields are PHI.
 */
export const PersonProfile = z.strictObject({
  personId: z.string().min(1),
  /** Every CRM id the person is known by: Contact id, Person Account id, PersonContactId. */
  crmIds: z.array(z.string()).default([]),
  memberIds: z.array(z.string()).default([]),
  names: z.array(z.string()).default([]),
  /** E.164. */
  phones: z.array(z.string()).default([]),
  /** Lower-case. */
  emails: z.array(z.string()).default([]),
});
export type PersonProfile = z.infer<typeof PersonProfile>;
export type PersonProfileInput = z.input<typeof PersonProfile>;

/** Which evidence identified the person, strongest first. */
export const IDENTITY_PRECEDENCE = ['crm-id', 'member-id', 'phone+name', 'email', 'phone-only'] as const;
export type IdentifiedBy = (typeof IDENTITY_PRECEDENCE)[number];

export type IdentityMatch =
  | { personId: string; by: IdentifiedBy }
  | {
      personId: undefined;
      reason: 'no-evidence' | 'no-match' | 'ambiguous' | 'shared-phone-needs-name' | 'phone-needs-name';
    };

export interface IdentityOptions {
  /**
   * A phone number with no name, id or email: `unique` (default) attributes it when exactly one
   * known person has that number, as the weakest match (`phone-only`); `never` leaves it
   * unresolved. A number two known people share (a household line) is never enough either way.
   */
  phoneOnly?: 'unique' | 'never';
}

/** Identity evidence gathered from an interaction: its contact block plus customer participants. */
export interface IdentityEvidence {
  crmIds: string[];
  memberIds: string[];
  names: string[];
  phones: string[];
  emails: string[];
}

export function evidenceOf(interaction: Pick<Interaction, 'contact' | 'participants'>): IdentityEvidence {
  const c: Partial<ContactIdentity> = interaction.contact ?? {};
  const customers = interaction.participants.filter((p) => p.role === 'customer');
  const uniq = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  return {
    crmIds: uniq([c.crmId]),
    memberIds: uniq([c.memberId]),
    names: uniq([c.name, ...customers.map((p) => p.name)]),
    phones: uniq([...(c.phones ?? []), ...customers.map((p) => p.phone)].map((p) => phoneToE164(p))),
    emails: uniq([...(c.emails ?? []), ...customers.map((p) => p.email)].map((e) => normalizeEmail(e))),
  };
}

/**
 * Resolves who an interaction was with, using the strongest evidence available:
 * CRM contact id > member id > E.164 phone + name > email (> a phone only one known person has).
 * A shared phone number alone never decides: households share landlines, so two people on one
 * number stay apart unless a name, id or email separates them. Conflicting or ambiguous evidence
 * at a level yields no match at that level rather than a guess, and a name that matches nobody on
 * the number blocks the phone-only fallback.
 */
export class IdentityDirectory {
  private readonly profiles: PersonProfile[];
  private readonly byCrm = new Map<string, Set<string>>();
  private readonly byMember = new Map<string, Set<string>>();
  private readonly byPhone = new Map<string, Set<string>>();
  private readonly byEmail = new Map<string, Set<string>>();
  private readonly byId = new Map<string, PersonProfile>();

  private readonly phoneOnly: 'unique' | 'never';

  constructor(profiles: readonly PersonProfileInput[], options: IdentityOptions = {}) {
    this.phoneOnly = options.phoneOnly ?? 'unique';
    this.profiles = profiles.map((p) => PersonProfile.parse(p));
    const index = (map: Map<string, Set<string>>, key: string | undefined, id: string) => {
      if (!key) return;
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      set.add(id);
    };
    for (const p of this.profiles) {
      this.byId.set(p.personId, p);
      for (const id of p.crmIds) index(this.byCrm, id, p.personId);
      for (const id of p.memberIds) index(this.byMember, id.trim().toUpperCase(), p.personId);
      for (const ph of p.phones) index(this.byPhone, phoneToE164(ph), p.personId);
      for (const e of p.emails) index(this.byEmail, normalizeEmail(e), p.personId);
    }
  }

  get people(): readonly PersonProfile[] {
    return this.profiles;
  }

  profile(personId: string): PersonProfile | undefined {
    return this.byId.get(personId);
  }

  /** People sharing a phone number with someone else (household lines). */
  sharedPhones(): string[] {
    return [...this.byPhone].filter(([, ids]) => ids.size > 1).map(([phone]) => phone);
  }

  resolve(raw: IdentityEvidence): IdentityMatch {
    const clean = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];
    const evidence: IdentityEvidence = {
      crmIds: clean(raw.crmIds),
      memberIds: clean(raw.memberIds),
      names: clean(raw.names),
      phones: clean(raw.phones.map((p) => phoneToE164(p))),
      emails: clean(raw.emails.map((e) => normalizeEmail(e))),
    };
    const hasAny =
      evidence.crmIds.length + evidence.memberIds.length + evidence.phones.length + evidence.emails.length >
      0;
    if (!hasAny) return { personId: undefined, reason: 'no-evidence' };
    let ambiguous = false;
    const decide = (candidates: Set<string>): string | undefined => {
      if (candidates.size === 1) return [...candidates][0];
      if (candidates.size > 1) ambiguous = true;
      return undefined;
    };
    const lookup = (map: Map<string, Set<string>>, keys: string[]) => {
      const out = new Set<string>();
      for (const k of keys) for (const id of map.get(k) ?? []) out.add(id);
      return out;
    };

    const byCrm = decide(lookup(this.byCrm, evidence.crmIds));
    if (byCrm) return { personId: byCrm, by: 'crm-id' };
    const byMember = decide(
      lookup(
        this.byMember,
        evidence.memberIds.map((m) => m.trim().toUpperCase()),
      ),
    );
    if (byMember) return { personId: byMember, by: 'member-id' };

    const onPhone = lookup(this.byPhone, evidence.phones);
    if (onPhone.size > 0 && evidence.names.length > 0) {
      const named = new Set(
        [...onPhone].filter((id) =>
          this.byId.get(id)!.names.some((n) => evidence.names.some((e) => sameName(n, e))),
        ),
      );
      const byPhoneName = decide(named);
      if (byPhoneName) return { personId: byPhoneName, by: 'phone+name' };
    }
    const byEmail = decide(lookup(this.byEmail, evidence.emails));
    if (byEmail) return { personId: byEmail, by: 'email' };

    if (ambiguous) return { personId: undefined, reason: 'ambiguous' };
    const nameless = evidence.names.every((n) => nameTokens(n).length === 0);
    if (onPhone.size > 1 && nameless) return { personId: undefined, reason: 'shared-phone-needs-name' };
    if (onPhone.size === 1 && nameless) {
      if (this.phoneOnly === 'unique') return { personId: [...onPhone][0]!, by: 'phone-only' };
      return { personId: undefined, reason: 'phone-needs-name' };
    }
    return { personId: undefined, reason: 'no-match' };
  }
}
