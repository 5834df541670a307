import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import { loadCompiledPlaybook } from '@teachback/config';
import {
  importTranscript,
  scoreTranscript,
  type AccessContext,
  type InteractionRecord,
  type Platform,
  type Role,
  type UserInput,
} from '@teachback/core';

export const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');
export const SECRET = 'test-signing-secret-of-at-least-32-characters';
export const ISSUER = 'https://idp.test.example';
export const AUDIENCE = 'teachback-api';
/** A synthetic phone number (555-01xx is reserved for fiction). */
export const PATIENT_PHONE = '+15550100142';

/** A synthetic call in which the caller reports a medical emergency. */
export const CRISIS_CALL = [
  '[00:00] Agent: Riverbend Health, this call may be recorded. This is Alex.',
  '[00:05] Caller: hi, I am calling about my appointment next week',
  '[00:11] Agent: Sure. Can you confirm your full name and date of birth?',
  '[00:16] Caller: Jordan Sample, March third nineteen seventy',
  '[00:22] Caller: also I have had crushing chest pain since this morning and my left arm is numb',
  '[00:30] Agent: That can be serious. Please hang up and call 911 right now.',
  '[00:36] Caller: ok',
].join('\n');

export function system(tenantId: string, roles: Role[]): AccessContext {
  return {
    actor: { kind: 'system', id: 'fixture', tenantId, roles, teamIds: [], agentIds: [], active: true },
    source: 'test',
  };
}

/** One example call, scored with the built-in playbook, as a platform sync would save it. */
export function scoredRecord(opts: {
  id: string;
  file: string;
  /** Transcript text instead of the example file's. */
  content?: string;
  platform: Platform;
  externalId: string;
  agentUserId: string;
  phone?: string;
}): InteractionRecord {
  const text = opts.content ?? fs.readFileSync(path.join(EXAMPLES, opts.file), 'utf8');
  const imported = importTranscript(text, {
    fileName: opts.file,
  });
  const result = scoreTranscript(imported.transcript, loadCompiledPlaybook('healthcare-inbound'), {
    interactionId: opts.id,
    callDate: '2026-11-20',
    scoredAt: '2026-11-20T15:00:00.000Z',
  });
  const { scorecard } = result;
  return {
    interaction: {
      id: opts.id,
      source: { platform: opts.platform, externalId: opts.externalId },
      channel: 'voice',
      direction: 'inbound',
      startedAt: '2026-11-20T14:00:00.000Z',
      endedAt: '2026-11-20T14:06:00.000Z',
      participants: [
        { role: 'agent', userId: opts.agentUserId },
        { role: 'customer', ...(opts.phone ? { phone: opts.phone } : {}) },
      ],
      ...(opts.phone ? { contact: { phones: [opts.phone], emails: [] } } : {}),
      transcript: imported.transcript,
    },
    scorecard,
    escalations: result.escalations,
    coaching: result.coaching,
  };
}

export interface Fixture {
  store: SqlStore;
  dir: string;
  close(): Promise<void>;
}

/**
 * Tenant `clinic`: agents alex (Genesys user ga-alex) and blair (Five9 user f9-blair) on team-1,
 * supervisor sam, admin ada, compliance cora; alex's call misses items, blair's meets them.
 * Tenant `elsewhere` holds one call of its own.
 */
export async function seed(): Promise<Fixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-server-'));
  const store = await openStore({
    url: `sqlite:${path.join(dir, 'tb.db')}`,
    keys: new LocalKeyProvider(Buffer.alloc(32, 7)),
  });
  await store.tenants.create({ id: 'clinic', name: 'Riverbend Clinic' });
  await store.tenants.create({ id: 'elsewhere', name: 'Elsewhere Health' });
  const admin = system('clinic', ['admin']);
  await store.tenants.saveTeam(admin, 'clinic', { id: 'team-1', name: 'Front desk' });
  const users: UserInput[] = [
    { id: 'alex', displayName: 'Alex Agent', roles: ['agent'], teamIds: ['team-1'], agentIds: ['ga-alex'] },
    {
      id: 'blair',
      displayName: 'Blair Agent',
      roles: ['agent'],
      teamIds: ['team-1'],
      agentIds: ['f9-blair'],
    },
    { id: 'sam', displayName: 'Sam Supervisor', roles: ['supervisor'], teamIds: ['team-1'] },
    { id: 'ada', displayName: 'Ada Admin', roles: ['admin'] },
    { id: 'cora', displayName: 'Cora Compliance', roles: ['compliance'] },
  ];
  for (const u of users) await store.tenants.createUser(admin, 'clinic', u);
  const ingest = system('clinic', ['integration']);
  await store.interactions.save(
    ingest,
    'clinic',
    scoredRecord({
      id: 'ix-alex-1',
      file: 'lab-results-missed.txt',
      platform: 'genesys',
      externalId: 'conv-alex-1',
      agentUserId: 'ga-alex',
      phone: PATIENT_PHONE,
    }),
  );
  await store.interactions.save(
    ingest,
    'clinic',
    scoredRecord({
      id: 'ix-alex-2',
      file: 'crisis-call.txt',
      content: CRISIS_CALL,
      platform: 'genesys',
      externalId: 'conv-alex-2',
      agentUserId: 'ga-alex',
    }),
  );
  await store.interactions.save(
    ingest,
    'clinic',
    scoredRecord({
      id: 'ix-blair-1',
      file: 'lab-results-good.txt',
      platform: 'five9',
      externalId: 'call-blair-1',
      agentUserId: 'f9-blair',
    }),
  );
  await store.tenants.createUser(system('elsewhere', ['admin']), 'elsewhere', {
    id: 'alex',
    displayName: 'Another Alex',
    roles: ['agent'],
    agentIds: ['ga-alex'],
  });
  await store.interactions.save(
    system('elsewhere', ['integration']),
    'elsewhere',
    scoredRecord({
      id: 'ix-far-1',
      file: 'lab-results-good.txt',
      platform: 'genesys',
      externalId: 'conv-far-1',
      agentUserId: 'ga-alex',
    }),
  );
  return {
    store,
    dir,
    close: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
