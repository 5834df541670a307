// A seeded store for the web app's API and browser tests. Synthetic people only.
// Tenant `clinic`: team-1 (agents alex, blair; supervisors sam and quinn), team-2 (agent casey);
// compliance cora; admin ada. Calls this week scored with the built-in healthcare-inbound playbook.
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
  type Role,
  type UserInput,
} from '@teachback/core';

export const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');
export const TENANT = 'clinic';

export function system(roles: Role[], tenantId = TENANT): AccessContext {
  return {
    actor: { kind: 'system', id: 'web-seed', tenantId, roles, teamIds: [], agentIds: [], active: true },
    source: 'test',
  };
}

export interface SeedCall {
  id: string;
  file: string;
  agent: string;
  team: string;
  queue: string;
  /** Hours before `now` the call started. */
  hoursAgo: number;
  platform?: 'genesys' | 'five9';
  recording?: boolean;
}

export const CALLS: readonly SeedCall[] = [
  {
    id: 'ix-alex-1',
    file: 'lab-results-missed.txt',
    agent: 'ga-alex',
    team: 'team-1',
    queue: 'Lab results',
    hoursAgo: 2,
    recording: true,
  },
  {
    id: 'ix-alex-2',
    file: 'lab-results-good.txt',
    agent: 'ga-alex',
    team: 'team-1',
    queue: 'Lab results',
    hoursAgo: 26,
  },
  {
    id: 'ix-blair-1',
    file: 'lab-results-good.txt',
    agent: 'f9-blair',
    team: 'team-1',
    queue: 'Scheduling',
    hoursAgo: 5,
    platform: 'five9',
  },
  {
    id: 'ix-blair-2',
    file: 'lab-results-missed.txt',
    agent: 'f9-blair',
    team: 'team-1',
    queue: 'Scheduling',
    hoursAgo: 50,
    platform: 'five9',
  },
  {
    id: 'ix-casey-1',
    file: 'lab-results-missed.txt',
    agent: 'ga-casey',
    team: 'team-2',
    queue: 'Billing',
    hoursAgo: 3,
  },
];

export function scoredCall(c: SeedCall, now: number): InteractionRecord {
  const text = fs.readFileSync(path.join(EXAMPLES, c.file), 'utf8');
  const { transcript } = importTranscript(text, { fileName: c.file });
  const started = new Date(now - c.hoursAgo * 3_600_000);
  const result = scoreTranscript(transcript, loadCompiledPlaybook('healthcare-inbound'), {
    interactionId: c.id,
    callDate: started.toISOString().slice(0, 10),
    scoredAt: new Date(started.getTime() + 600_000).toISOString(),
  });
  const last = transcript.utterances[transcript.utterances.length - 1];
  const durationMs = last?.endMs ?? 300_000;
  return {
    interaction: {
      id: c.id,
      source: { platform: c.platform ?? 'genesys', externalId: `ext-${c.id}` },
      channel: 'voice',
      direction: 'inbound',
      startedAt: started.toISOString(),
      endedAt: new Date(started.getTime() + durationMs).toISOString(),
      durationMs,
      participants: [{ role: 'agent', userId: c.agent }, { role: 'customer' }],
      queue: { id: `q-${c.queue.toLowerCase().replace(/\s+/g, '-')}`, name: c.queue },
      recordings: c.recording
        ? [{ id: 'rec-1', mediaType: 'audio/wav', durationMs, uri: '/app/test-audio.wav' }]
        : [],
      transcript,
      callType: 'lab-results',
    },
    scorecard: result.scorecard,
    escalations: result.escalations,
    coaching: result.coaching,
    teamId: c.team,
  };
}

export interface Seeded {
  store: SqlStore;
  dir: string;
  now: number;
  close(): Promise<void>;
}

export const USERS: readonly UserInput[] = [
  { id: 'alex', displayName: 'Alex Agent', roles: ['agent'], teamIds: ['team-1'], agentIds: ['ga-alex'] },
  { id: 'blair', displayName: 'Blair Agent', roles: ['agent'], teamIds: ['team-1'], agentIds: ['f9-blair'] },
  { id: 'casey', displayName: 'Casey Agent', roles: ['agent'], teamIds: ['team-2'], agentIds: ['ga-casey'] },
  { id: 'sam', displayName: 'Sam Supervisor', roles: ['supervisor'], teamIds: ['team-1'] },
  { id: 'quinn', displayName: 'Quinn Reviewer', roles: ['supervisor'], teamIds: ['team-1'] },
  { id: 'cora', displayName: 'Cora Compliance', roles: ['compliance'] },
  { id: 'ada', displayName: 'Ada Admin', roles: ['admin'] },
];

/** Opens a fresh SQLite store in a temp folder and seeds it. */
export async function seedStore(opts: { url?: string } = {}): Promise<Seeded> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-web-'));
  const store = await openStore({
    url: opts.url ?? `sqlite:${path.join(dir, 'tb.db')}`,
    keys: new LocalKeyProvider(Buffer.alloc(32, 9)),
  });
  await store.tenants.create({ id: TENANT, name: 'Riverbend Clinic' });
  await store.tenants.create({ id: 'elsewhere', name: 'Elsewhere Health' });
  const admin = system(['admin']);
  await store.tenants.saveTeam(admin, TENANT, { id: 'team-1', name: 'Front desk' });
  await store.tenants.saveTeam(admin, TENANT, { id: 'team-2', name: 'Billing desk' });
  for (const u of USERS) await store.tenants.createUser(admin, TENANT, u);
  const now = Date.now();
  const ingest = system(['integration']);
  for (const c of CALLS) await store.interactions.save(ingest, TENANT, scoredCall(c, now));
  await store.interactions.save(
    system(['integration'], 'elsewhere'),
    'elsewhere',
    scoredCall({ ...CALLS[0]!, id: 'ix-other-tenant' }, now),
  );
  return {
    store,
    dir,
    now,
    async close() {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
