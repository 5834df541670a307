/*
 * Bounded load test of the HTTP server on loopback: `npm run bench:load`.
 * A SQLite store seeded with synthetic scored calls behind the real server (auth, validation,
 * access policy, audit of every PHI read); C concurrent clients send a mix of reads and writes
 * for LOAD_SECONDS (default 60): list interactions, open one (a PHI read, audited), list and save
 * coaching tasks, search a contact's timeline. Prints requests/s, p50/p95/p99 latency per kind
 * and status counts; exits 1 on any 5xx or non-2xx answer, or under LOAD_MIN_RPS (default 300).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import winston from 'winston';
import { createLogger } from '@teachback/adapter-logger';
import { LocalKeyProvider, openStore } from '@teachback/adapter-store';
import { issueSessionToken, startServer } from '@teachback/adapter-server';
import { PERSON, scoredCall, system } from '../faults/support/records';

const SECONDS = Number(process.env['LOAD_SECONDS'] ?? 60);
const CONCURRENCY = Number(process.env['LOAD_CONCURRENCY'] ?? 16);
const MIN_RPS = Number(process.env['LOAD_MIN_RPS'] ?? 300);
const CALLS = 500;
const SECRET = 'load-bench-signing-secret-0123456789abcdef';
const ISSUER = 'https://idp.load.example';
const AUDIENCE = 'teachback-api';

type Kind = 'list' | 'detail' | 'tasks' | 'saveTask' | 'timeline';
// Reads outnumber writes about 3:1, as a supervisor screen does; every detail open is audited (a write too).
const MIX: Kind[] = [
  'list',
  'list',
  'detail',
  'detail',
  'detail',
  'tasks',
  'saveTask',
  'saveTask',
  'timeline',
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-load-'));
  const store = await openStore({
    url: `sqlite:${path.join(dir, 'tb.db')}`,
    keys: new LocalKeyProvider(Buffer.alloc(32, 9)),
  });
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const tenant = 'loadclinic';
    await store.tenants.create({ id: tenant, name: 'Load Clinic' });
    const admin = system(tenant, ['admin']);
    // The seeded calls' agent is on the reviewer's team, so the reviewer may assign coaching on them.
    await store.tenants.saveTeam(admin, tenant, { id: 'team-load', name: 'Front desk' });
    await store.tenants.createUser(admin, tenant, {
      id: 'kestrel',
      displayName: 'Agent Kestrel',
      roles: ['agent'],
      teamIds: ['team-load'],
      agentIds: ['agent-fault'],
    });
    await store.tenants.createUser(admin, tenant, {
      id: 'lead',
      displayName: 'Lead Reviewer',
      roles: ['supervisor', 'compliance'],
      teamIds: ['team-load'],
    });
    for (let n = 1; n <= CALLS; n++) await store.interactions.save(system(tenant), tenant, scoredCall(n));
    server = await startServer({
      store,
      storeKind: 'sqlite',
      auth: { oidc: { issuer: ISSUER, audience: AUDIENCE, hs256Secret: SECRET } },
      playbooks: store.playbooks,
      rateLimitPerMinute: 10_000_000,
      logger: createLogger({ transports: [new winston.transports.Console({ silent: true })] }),
    });
    const auth = `Bearer ${await issueSessionToken({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE, userId: 'lead', tenantId: tenant })}`;
    const url = server.url;
    const latencies = new Map<Kind, number[]>(MIX.map((k) => [k, []]));
    const statuses = new Map<number, number>();
    let seq = 0;
    const request = async (kind: Kind, i: number): Promise<number> => {
      const n = 1 + (i % CALLS);
      const json = { Authorization: auth, 'Content-Type': 'application/json' };
      switch (kind) {
        case 'list':
          return (await fetch(`${url}/v1/interactions?limit=25`, { headers: { Authorization: auth } }))
            .status;
        case 'detail':
          return (await fetch(`${url}/v1/interactions/fault-${n}`, { headers: { Authorization: auth } }))
            .status;
        case 'tasks':
          return (
            await fetch(`${url}/v1/coaching-tasks?interactionId=fault-${n}`, {
              headers: { Authorization: auth },
            })
          ).status;
        case 'saveTask':
          return (
            await fetch(`${url}/v1/coaching-tasks`, {
              method: 'POST',
              headers: json,
              body: JSON.stringify({
                id: `load-${i % 2000}`,
                interactionId: `fault-${n}`,
                assignee: 'kestrel',
                source: { criterionId: 'verify-identity' },
                notes: [{ atMs: 2500, text: 'Review the identity check' }],
              }),
            })
          ).status;
        case 'timeline':
          return (
            await fetch(`${url}/v1/timeline/search`, {
              method: 'POST',
              headers: json,
              body: JSON.stringify({ contact: { phone: PERSON.phone }, limit: 20 }),
            })
          ).status;
      }
    };
    const t0 = performance.now();
    const end = t0 + SECONDS * 1000;
    const cpu0 = process.cpuUsage();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < end) {
          const i = seq++;
          const kind = MIX[i % MIX.length]!;
          const s = performance.now();
          let status: number;
          try {
            status = await request(kind, i);
          } catch {
            status = 599; // no answer at all counts as a server failure
          }
          latencies.get(kind)!.push(performance.now() - s);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const all = [...latencies.values()].flat().sort((a, b) => a - b);
    const rps = all.length / elapsed;
    const fmt = (v: number) => v.toFixed(1);
    process.stdout.write(
      `load: ${all.length} requests in ${elapsed.toFixed(1)} s, ${CONCURRENCY} clients, one process (server + clients), SQLite\n` +
        `  throughput ${rps.toFixed(0)} requests/s; latency ms p50 ${fmt(percentile(all, 50))} p95 ${fmt(percentile(all, 95))} p99 ${fmt(percentile(all, 99))} max ${fmt(all[all.length - 1] ?? NaN)}\n`,
    );
    for (const [kind, l] of latencies) {
      l.sort((a, b) => a - b);
      process.stdout.write(
        `  ${kind.padEnd(9)} ${String(l.length).padStart(7)} req  p50 ${fmt(percentile(l, 50))}  p99 ${fmt(percentile(l, 99))}\n`,
      );
    }
    process.stdout.write(
      `  statuses ${JSON.stringify(Object.fromEntries(statuses))}; cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s\n`,
    );
    const fivexx = [...statuses].filter(([s]) => s >= 500).reduce((a, [, c]) => a + c, 0);
    const other = [...statuses]
      .filter(([s]) => s < 200 || (s >= 300 && s < 500))
      .reduce((a, [, c]) => a + c, 0);
    const ok = fivexx === 0 && other === 0 && rps >= MIN_RPS;
    process.stdout.write(
      `  ${ok ? 'PASS' : 'FAIL'}: 5xx ${fivexx}, other non-2xx ${other}, ${rps.toFixed(0)} >= ${MIN_RPS} requests/s\n`,
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    await server?.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
