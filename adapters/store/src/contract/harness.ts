import type { AccessContext, Actor, InteractionRecord, Role, Scorecard } from '@teachback/core';
import type { SqlStore } from '../sql/sql-store';

/**
 * What a test file provides so the one contract runs against its store. Each file owns its
 * database (a temp SQLite file, a PostgreSQL schema) and removes it in `cleanup`.
 */
export interface StoreHarness {
  name: string;
  open(): Promise<SqlStore>;
  /** Every byte the database keeps at rest (file + WAL, or `pg_dump`), as latin1 text. */
  dump(): Promise<string>;
  /** Changes one character of one audit row, going around the append-only guard as an attacker with disk or superuser access would. */
  tamperAudit(tenantId: string, seq: number): Promise<void>;
  /** Deletes one audit row the same way. */
  deleteAudit(tenantId: string, seq: number): Promise<void>;
  /** Runs statements (`?` placeholders) in one transaction with the append-only guards off. */
  superuser(statements: Array<[string, Array<string | number>]>): Promise<void>;
  cleanup(): Promise<void>;
}

/** Synthetic person used to prove PHI never sits in plaintext. */
export const CANARY = {
  name: 'Zebulon Quillfeather',
  phone: '+15559870123',
  dob: '1931-02-29',
  email: 'zebulon.quillfeather@example.test',
  memberId: 'QZX-998877',
};

export function actor(tenantId: string, roles: Role[], over: Partial<Actor> = {}): AccessContext {
  return {
    actor: {
      kind: 'user',
      id: `${roles.join('+')}-user`,
      tenantId,
      roles,
      teamIds: [],
      agentIds: [],
      active: true,
      ...over,
    },
    source: 'contract-test',
  };
}

export function system(tenantId: string, roles: Role[] = ['integration', 'compliance']): AccessContext {
  return {
    actor: { kind: 'system', id: 'contract', tenantId, roles, teamIds: [], agentIds: [], active: true },
    source: 'contract-test',
  };
}

export function scorecard(interactionId: string, score: number): Scorecard {
  return {
    interactionId,
    playbook: { id: 'healthcare-inbound', version: '2026-01-01' },
    score,
    compliant: score >= 80,
    needsReview: false,
    reviewReasons: [],
    findings: [
      {
        criterionId: 'verify-identity',
        title: 'Verify identity',
        category: 'compliance',
        severity: 'high',
        weight: 1,
        status: score >= 80 ? 'met' : 'missed',
        confidence: 0.9,
        evidence: [
          { utterance: 1, startMs: 4000, speaker: 'customer', quote: `my date of birth is ${CANARY.dob}` },
        ],
        explanation: `Caller confirmed ${CANARY.dob}`,
      },
    ],
  };
}

export function call(
  n: number,
  over: { agent?: string; startedAt?: string; phone?: string; score?: number; text?: string } = {},
): InteractionRecord {
  const id = `int-${n}`;
  return {
    interaction: {
      id,
      source: { platform: 'genesys', externalId: `conv-${n}` },
      channel: 'voice',
      direction: 'inbound',
      startedAt: over.startedAt ?? `2026-03-01T10:${String(n % 60).padStart(2, '0')}:00.000Z`,
      durationMs: 180000,
      participants: [
        { role: 'agent', userId: over.agent ?? 'agent-a', name: 'Agent Avery' },
        { role: 'customer', name: CANARY.name, phone: over.phone ?? CANARY.phone },
      ],
      contact: {
        name: CANARY.name,
        memberId: CANARY.memberId,
        phones: [over.phone ?? CANARY.phone],
        emails: [CANARY.email],
        dateOfBirth: CANARY.dob,
      },
      wrapUp: { code: 'billing', notes: `${CANARY.name} asked about a bill` },
      recordings: [
        {
          id: 'rec-1',
          mediaType: 'audio/wav',
          durationMs: 180000,
          uri: `s3://recordings/${CANARY.name}.wav`,
        },
      ],
      transcript: {
        utterances: [
          {
            speaker: 'agent',
            startMs: 0,
            endMs: 3000,
            text: over.text ?? 'Thank you for calling, how can I help?',
          },
          {
            speaker: 'customer',
            startMs: 4000,
            endMs: 9000,
            text: `This is ${CANARY.name}, born ${CANARY.dob}, phone ${CANARY.phone}`,
          },
        ],
      },
    },
    scorecard: scorecard(id, over.score ?? 90),
    escalations: [
      {
        type: 'medical_emergency',
        severity: 'critical',
        utterance: 1,
        startMs: 4000,
        quote: `${CANARY.name} has chest pain`,
        actions: [],
      },
    ],
    coaching: [{ atMs: 4000, text: `At 0:04 you confirmed ${CANARY.name}'s date of birth` }],
  };
}

export async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ code });
}
/** What each role's part of the contract gets: the store (open once the suite starts), fresh tenants, the harness. */
export interface ContractScope {
  store(): SqlStore;
  newTenant(): Promise<string>;
  harness: StoreHarness;
}
