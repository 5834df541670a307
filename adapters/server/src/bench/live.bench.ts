// `npm run bench:live`: 500 concurrent simulated calls (one utterance every 2–5 s each) streamed
// over the WebSocket endpoint into server processes, with every agent's browser simulated as an
// SSE client on loopback. Reports receive→deliver latency (utterance sent → prompt received),
// server CPU and memory per call, and checks that no prompt was lost or delivered twice.
//   --mode single   one instance, SQLite, in-process fan-out (default)
//   --mode kill     two instances on PostgreSQL (fan-out: --fanout postgres|redis), every browser on
//                   the other instance than its call's stream; instance A is killed mid-run.
//                   The fan-out is encrypted as `teachback serve` builds it (EncryptedFanout, AES-256-GCM,
//                   a random key per run); --encrypt off measures it in the clear.
// Options: --calls 500, --utterances 8, --kill-at 15 (s), --encrypt on|off (kill mode; default on).
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { LocalKeyProvider, openStore } from '@teachback/adapter-store';
import { createLiveSession, type AccessContext, type GuidanceEvent } from '@teachback/core';
import { hashApiKey, issueSessionToken } from '../auth';
import { sse, stream, type SseClient, type StreamClient } from './live-clients';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const MODE = arg('mode', 'single');
const CALLS = Number(arg('calls', '500'));
const UTTERANCES = Number(arg('utterances', '8'));
const KILL_AT_S = Number(arg('kill-at', '15'));
const FANOUT = arg('fanout', 'postgres');
const DEBUG = process.argv.includes('--debug');
const ENCRYPT = arg('encrypt', 'on');
if (ENCRYPT !== 'on' && ENCRYPT !== 'off') throw new Error('--encrypt: expected on or off');
/** One fan-out key per run, shared by the instances (as TEACHBACK_LIVE_FANOUT_KEYS would be). */
const FANOUT_KEY = randomBytes(32).toString('hex');
const PG = arg('pg', 'postgres://postgres@127.0.0.1:5432/test');
const REDIS = arg('redis', 'redis://127.0.0.1:6379');
const KEY = 'bench-live-key-0123456789abcdef0123';
const SECRET = 'bench-signing-secret-of-at-least-32-characters';
const ISSUER = 'https://idp.bench.example';
const AUDIENCE = 'teachback-bench';

// Synthetic calls: fictional callers, phrasings that raise the built-in playbook's live prompts.
const SCRIPTS: { speaker: 'agent' | 'customer'; text: string }[][] = [
  [
    { speaker: 'agent', text: 'Thanks for calling Riverbend Health, this is Sam, how can I help?' },
    { speaker: 'customer', text: 'I got a bill and I am confused about this charge' },
    { speaker: 'agent', text: 'I understand, let me look at that with you.' },
    { speaker: 'customer', text: 'honestly I am on a fixed income and I cannot afford this' },
    { speaker: 'agent', text: 'I hear you. We have a payment plan that can spread this out.' },
    { speaker: 'customer', text: 'I need to talk to my daughter first before I decide' },
    { speaker: 'agent', text: 'This call may be recorded for quality and training.' },
    { speaker: 'customer', text: 'ok thank you' },
  ],
  [
    { speaker: 'agent', text: 'Riverbend Health, this is Alex, how can I help you today?' },
    { speaker: 'customer', text: 'I am calling about my lab results from last week' },
    { speaker: 'agent', text: 'Sure, can you confirm your full name and date of birth?' },
    { speaker: 'customer', text: 'Jordan Sample, March third nineteen seventy' },
    {
      speaker: 'customer',
      text: 'and I have had crushing chest pain since this morning and my left arm is numb',
    },
    { speaker: 'agent', text: 'Please hang up and call 911 right now, I will stay on the line' },
    { speaker: 'customer', text: 'ok I will' },
    { speaker: 'agent', text: 'This call may be recorded. Take care.' },
  ],
  [
    { speaker: 'agent', text: 'Good morning, Riverbend scheduling, this call may be recorded.' },
    { speaker: 'customer', text: 'I am worried about changing doctors if I switch plans' },
    { speaker: 'agent', text: 'That is a fair worry, let me check whether your doctor is in network.' },
    { speaker: 'customer', text: 'and how much will it cost me every month' },
    { speaker: 'agent', text: 'Take the new tablet once a day in the morning with water.' },
    { speaker: 'customer', text: 'alright' },
    { speaker: 'agent', text: 'Can you tell me in your own words how you will take it?' },
    { speaker: 'customer', text: 'once a day in the morning with water' },
  ],
];

interface Utt {
  id: string;
  speaker: 'agent' | 'customer';
  text: string;
  offsetMs: number;
}
const scriptOf = (n: number): Utt[] =>
  SCRIPTS[n % SCRIPTS.length]!.slice(0, UTTERANCES).map((u, i) => ({
    ...u,
    id: `u${i}`,
    offsetMs: (i + 1) * 3500,
  }));

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** utime + stime of a process, ms (Linux /proc). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

interface Server {
  proc: ChildProcess;
  url: string;
  pid: number;
  /** Everything the process printed (the server-side latencies come last, on SIGTERM). */
  out(): string;
}

function startServerProcess(storeUrl: string, fanout: string, channel: string): Promise<Server> {
  // The key goes by environment (not argv, which `ps` shows), as serve reads it.
  const encrypted = fanout !== 'memory' && ENCRYPT === 'on';
  const proc = spawn(
    process.execPath,
    [
      path.join(__dirname, 'live-server.js'),
      JSON.stringify({
        store: storeUrl,
        fanout,
        channel,
        keyHash: hashApiKey(KEY),
        secret: SECRET,
        issuer: ISSUER,
        audience: AUDIENCE,
      }),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TEACHBACK_LIVE_FANOUT_KEYS: encrypted ? FANOUT_KEY : '' },
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ proc, url: m[1]!, pid: proc.pid!, out: () => out });
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const run = `${process.pid}_${Date.now().toString(36)}`;
  let storeUrl: string;
  let cleanup: () => Promise<void>;
  if (MODE === 'single') {
    const dir = mkdtempSync(path.join(tmpdir(), 'tb-live-bench-'));
    storeUrl = `sqlite:${path.join(dir, 'tb.db')}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = `tb_live_bench_${run}`;
    const admin = async (sql: string) => {
      const c = new Client({ connectionString: PG });
      await c.connect();
      await c.query(sql);
      await c.end();
    };
    await admin(`CREATE SCHEMA ${schema}`);
    storeUrl = `${PG}?schema=${schema}`;
    cleanup = () => admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }
  // Seed: one tenant, one agent per call (each browser signs in as its own agent).
  const seedStore = await openStore({ url: storeUrl, keys: new LocalKeyProvider(Buffer.alloc(32, 9)) });
  await seedStore.tenants.create({ id: 'bench', name: 'Bench Health' });
  const ctx: AccessContext = {
    actor: {
      kind: 'system',
      id: 'bench',
      tenantId: 'bench',
      roles: ['admin'],
      teamIds: [],
      agentIds: [],
      active: true,
    },
    source: 'bench',
  };
  for (let i = 0; i < CALLS; i++)
    await seedStore.tenants.createUser(ctx, 'bench', {
      id: `agent-${i}`,
      displayName: `Agent ${i}`,
      roles: ['agent'],
      agentIds: [`pa-${i}`],
    });

  // What the engine emits for each script from its utterances alone (timers aside): none may be lost.
  const resolved = await seedStore.playbooks.resolve('bench', {
    date: new Date().toISOString().slice(0, 10),
  });
  const expectedPush = SCRIPTS.map((_, s) => {
    const session = createLiveSession({
      callId: 'x',
      playbook: resolved.compiled,
      callDate: new Date().toISOString().slice(0, 10),
    });
    return scriptOf(s)
      .flatMap((u) => session.push(u))
      .filter((e) => e.audience === 'agent')
      .map((e) => e.id.slice(2));
  });

  const fanoutUrl = MODE === 'single' ? 'memory' : FANOUT === 'redis' ? REDIS : PG;
  const channel = FANOUT === 'redis' ? `teachback:live:bench:${run}` : `tb_live_bench_${run}`;
  const servers: Server[] = [await startServerProcess(storeUrl, fanoutUrl, channel)];
  if (MODE === 'kill') servers.push(await startServerProcess(storeUrl, fanoutUrl, channel));
  const baseline = servers.map((s) => ({ cpu: cpuMs(s.pid), rss: rssMb(s.pid) }));
  // What the instances report they built (not what was asked for).
  const built = servers.map((s) => /FANOUT (\S+ \S+)/.exec(s.out())?.[1] ?? 'unknown');
  // The figures depend on what else the machine runs: say so with them.
  console.log(
    `machine: ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at start`,
  );
  console.log(
    `bench:live mode=${MODE}${MODE === 'kill' ? ` fanout=${FANOUT} encrypted=${ENCRYPT === 'on' ? 'yes (AES-256-GCM, as serve)' : 'no'}` : ''} calls=${CALLS} utterances/call=${UTTERANCES} servers=${servers.length} fan-out built: ${built.join(', ')}`,
  );

  const latencies: number[] = [];
  const sentAt = new Map<string, number>();
  const causedBy = new Map<string, string>();
  const pendingCause = new Map<string, number>();
  let killedAt = Infinity;
  let killWall = Infinity;
  const dead = new Set<number>();
  let recovered: number[] = [];
  const perCall: {
    delivered: Map<string, number>;
    dupWithinConnection: number;
    connections: number;
    sawEnd: boolean;
    /** Wall-clock intervals [from, to) during which this call's screen was connected. */
    connected: [number, number, number][];
  }[] = [];
  const screens: SseClient[] = [];
  let peakRss = servers.map(() => 0);
  const sampler = setInterval(() => {
    peakRss = servers.map((s, i) => {
      try {
        const now = rssMb(s.pid);
        return Number.isNaN(now) ? peakRss[i]! : Math.max(peakRss[i]!, now);
      } catch {
        return peakRss[i]!;
      }
    });
  }, 500);

  const started = performance.now();
  const clientCpu0 = process.cpuUsage();
  let streamErrors = 0;
  let reconnects = 0;

  async function runCall(n: number): Promise<void> {
    const callId = `call-${n}`;
    const script = scriptOf(n);
    // Stream on A for even calls, B for odd; the browser on the other instance (kill mode).
    let streamTo = MODE === 'kill' ? n % 2 : 0;
    let screenOn = MODE === 'kill' ? 1 - streamTo : 0;
    const token = `Bearer ${await issueSessionToken({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE, userId: `agent-${n}`, tenantId: 'bench' })}`;
    const stats = {
      delivered: new Map<string, number>(),
      dupWithinConnection: 0,
      connections: 0,
      sawEnd: false,
      connected: [] as [number, number, number][],
    };
    perCall[n] = stats;
    let ended = false;
    let endSeen: () => void = () => undefined;
    const endPromise = new Promise<void>((r) => (endSeen = r));
    const alive = () => !dead.has(screenOn);

    const openScreen = async (): Promise<void> => {
      const seenHere = new Set<string>();
      stats.connections++;
      // [connected since, closed at, server index]
      const interval: [number, number, number] = [Infinity, Infinity, screenOn];
      stats.connected.push(interval);
      const c = await sse(`${servers[screenOn]!.url}/v1/live/calls/${callId}/events`, token, (e) => {
        if (e.type === 'hello') interval[0] = Date.now();
        if (e.type === 'call' && e.data.state === 'ended') {
          stats.sawEnd = true;
          endSeen();
          return;
        }
        if (e.type !== 'event') return;
        if (seenHere.has(e.id)) stats.dupWithinConnection++;
        seenHere.add(e.id);
        const first = !stats.delivered.has(e.id);
        stats.delivered.set(e.id, (stats.delivered.get(e.id) ?? 0) + 1);
        if (!first || e.id.includes(':tick:')) return;
        // Only prompts an utterance caused at once (its ack lists them): a prompt held back by the
        // one-at-a-time rule, or expired at the end, was not late.
        const cause = causedBy.get(e.id);
        const t0 = cause === undefined ? undefined : sentAt.get(cause);
        if (t0 === undefined) {
          pendingCause.set(e.id, e.at);
          return;
        }
        if (t0 < killedAt && e.at > killedAt) recovered.push(e.at - killedAt);
        else latencies.push(e.at - t0);
      });
      screens.push(c);
      void c.closed.then(async () => {
        interval[1] = Date.now();
        if (ended) return;
        // The instance went away: the browser reconnects to one that is up.
        reconnects++;
        for (let attempt = 0; attempt < 20 && !ended; attempt++) {
          if (!alive()) screenOn = servers.findIndex((_, i) => !dead.has(i));
          await sleep(200 * (attempt + 1));
          try {
            await openScreen();
            return;
          } catch (err) {
            streamErrors++;
            if (DEBUG) console.error('screen reconnect', callId, (err as Error).message);
          }
        }
      });
    };

    // A call that starts while an instance is going down retries on one that is up.
    const firstLive = (preferred: number) =>
      dead.has(preferred) ? servers.findIndex((_, k) => !dead.has(k)) : preferred;
    const start = { type: 'start', callId, agentId: `pa-${n}`, platform: 'generic' };
    let s!: StreamClient;
    for (let attempt = 0; ; attempt++) {
      streamTo = firstLive(streamTo);
      try {
        s = await stream(servers[streamTo]!.url, `ApiKey ${KEY}`);
        await s.request(start, `start:${callId}`, 60_000);
        break;
      } catch (err) {
        if (attempt >= 20) throw err;
        streamErrors++;
        await sleep(200 * (attempt + 1));
      }
    }
    for (let attempt = 0; ; attempt++) {
      screenOn = firstLive(screenOn);
      try {
        await openScreen();
        break;
      } catch (err) {
        if (attempt >= 20) throw err;
        streamErrors++;
        await sleep(200 * (attempt + 1));
      }
    }
    const unacked = new Map<string, unknown>();
    const sendAll = async (): Promise<void> => {
      for (const [ref, m] of unacked) {
        const r = await s.request(m, ref, 30_000);
        if (r.type === 'ack') {
          unacked.delete(ref);
          for (const id of (r.events ?? []) as string[]) {
            if (causedBy.has(id)) continue;
            causedBy.set(id, ref);
            // The screen may have had it before the ack came back.
            const at = pendingCause.get(id);
            if (at !== undefined) {
              pendingCause.delete(id);
              const t0 = sentAt.get(ref)!;
              if (t0 < killedAt && at > killedAt) recovered.push(at - killedAt);
              else latencies.push(at - t0);
            }
          }
        } else {
          streamErrors++;
          if (DEBUG) console.error('stream reply', callId, JSON.stringify(r));
        }
      }
    };
    const reconnect = async (): Promise<void> => {
      streamTo = servers.findIndex((_, i) => !dead.has(i));
      reconnects++;
      s = await stream(servers[streamTo]!.url, `ApiKey ${KEY}`);
      await s.request(start, `start:${callId}`, 60_000);
    };
    for (const u of script) {
      await sleep(2000 + Math.random() * 3000);
      const ref = `${callId}/${u.id}`;
      const m = { type: 'utterance', callId, utterance: u };
      unacked.set(ref, m);
      sentAt.set(ref, performance.now());
      try {
        await sendAll();
      } catch {
        await reconnect().catch((err: unknown) => {
          streamErrors++;
          if (DEBUG) console.error('stream reconnect', callId, (err as Error).message);
        });
        sentAt.set(ref, performance.now());
        await sendAll().catch((err: unknown) => {
          streamErrors++;
          if (DEBUG) console.error('stream resend', callId, (err as Error).message);
        });
      }
    }
    await sleep(500);
    try {
      await s.request({ type: 'end', callId }, `end:${callId}`, 30_000);
    } catch {
      await reconnect();
      await s.request({ type: 'end', callId }, `end:${callId}`, 30_000);
    }
    await Promise.race([endPromise, sleep(10_000)]);
    ended = true;
    s.close();
  }

  if (MODE === 'kill')
    setTimeout(() => {
      killedAt = performance.now();
      killWall = Date.now();
      dead.add(0);
      servers[0]!.proc.kill('SIGKILL');
      console.log(`killed instance A at ${((killedAt - started) / 1000).toFixed(1)} s`);
    }, KILL_AT_S * 1000);

  // Calls start spread over the first 5 s, as a queue fills up.
  await Promise.all(
    Array.from({ length: CALLS }, (_, n) => sleep((n / CALLS) * 5000).then(() => runCall(n))),
  );
  const wall = performance.now() - started;
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end`,
  );
  clearInterval(sampler);
  const cpu = servers.map((s, i) => {
    try {
      return cpuMs(s.pid) - baseline[i]!.cpu;
    } catch {
      return NaN;
    }
  });
  for (const c of screens) c.close();

  // Loss and duplicates, against what the servers stored and what the engine emits from the script.
  const check = await openStore({ url: storeUrl, keys: new LocalKeyProvider(Buffer.alloc(32, 9)) });
  let lost = 0;
  let resolvedAway = 0;
  const lostKinds = new Map<string, number>();
  let missingFromEngine = 0;
  let stored = 0;
  let dups = 0;
  let resentOnReconnect = 0;
  for (let n = 0; n < CALLS; n++) {
    const review = await check.live.review('bench', `call-${n}`);
    const prompts = (review?.prompts ?? []).filter((p) => p.event.audience === 'agent');
    const mine: GuidanceEvent[] = prompts.map((p) => p.event);
    stored += mine.length;
    const got = perCall[n]!.delivered;
    const emitted = new Map(prompts.map((p) => [p.event.id, Date.parse(p.emittedAt)] as const));
    // A screen on the killed instance stopped receiving when it was killed, whenever it noticed.
    const until = (b: number, server: number) => (server === 0 ? Math.min(b, killWall) : b);
    const connectedAt = (t: number) =>
      perCall[n]!.connected.some(([a, b, server]) => t >= a && t < until(b, server));
    for (const p of prompts) {
      const e = p.event;
      if (got.has(e.id)) continue;
      // Raised and resolved while no screen of the call was connected (while it reconnected after
      // its instance died): the agent was never owed it. Counted apart, and only then.
      const raised = e.kind === 'clear' ? emitted.get(e.clears ?? '') : emitted.get(e.id);
      const clearEvent = prompts.find((x) => x.event.clears === (e.kind === 'clear' ? e.clears : e.id));
      const cleared = clearEvent ? Date.parse(clearEvent.emittedAt) : undefined;
      if (
        raised !== undefined &&
        cleared !== undefined &&
        !connectedAt(raised) &&
        !connectedAt(cleared) &&
        !perCall[n]!.connected.some(([a]) => a > raised && a < cleared)
      ) {
        resolvedAway++;
        continue;
      }
      lost++;
      if (DEBUG && lost <= 5)
        console.error(
          'lost',
          e.id,
          'emitted',
          p.emittedAt,
          'call ended',
          review?.call.endedAt,
          'screen',
          JSON.stringify(perCall[n]!.connected.map(([a, b, sv]) => [a, b, sv])),
        );
      const k = `${e.kind}${perCall[n]!.sawEnd ? '' : ' (screen never saw the end)'}`;
      lostKinds.set(k, (lostKinds.get(k) ?? 0) + 1);
    }
    const ids = new Set(mine.map((e) => e.id.slice(`call-${n}`.length + 1)));
    for (const id of expectedPush[n % SCRIPTS.length]!) if (!ids.has(id)) missingFromEngine++;
    dups += perCall[n]!.dupWithinConnection;
    for (const c of got.values()) if (c > 1) resentOnReconnect += c - 1;
  }
  await check.close();
  await seedStore.close();
  const serverSide: number[] = [];
  for (const [i, s] of servers.entries()) {
    if (dead.has(i)) continue;
    const exited = new Promise((r) => s.proc.once('exit', r));
    s.proc.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    const m = /DELIVERED (\[.*\])/.exec(s.out());
    if (m) serverSide.push(...(JSON.parse(m[1]!) as number[]));
  }
  serverSide.sort((a, b) => a - b);
  await cleanup();

  latencies.sort((a, b) => a - b);
  recovered = recovered.sort((a, b) => a - b);
  const callSeconds = (CALLS * wall) / 1000;
  const totalCpu = cpu.reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0);
  const rssDelta = peakRss.reduce((a, p, i) => a + (p - baseline[i]!.rss), 0);
  const fmt = (x: number) => x.toFixed(1);
  const cc = process.cpuUsage(clientCpu0);
  console.log(
    `bench client (all simulated bridges and browsers, one process): ${fmt((cc.user + cc.system) / 1000 / 1000)} s CPU`,
  );
  console.log(
    `wall ${fmt(wall / 1000)} s; utterances sent ${sentAt.size}; prompts stored for agents ${stored}; delivered-first-time latencies ${latencies.length}`,
  );
  console.log(
    `receive→deliver ms: p50 ${fmt(pct(latencies, 50))}  p95 ${fmt(pct(latencies, 95))}  p99 ${fmt(pct(latencies, 99))}  max ${fmt(latencies[latencies.length - 1] ?? NaN)}`,
  );
  console.log(
    `server side (frame read → written to the screen's socket, same instance only; ${serverSide.length} prompts) ms: p50 ${fmt(pct(serverSide, 50))}  p95 ${fmt(pct(serverSide, 95))}  p99 ${fmt(pct(serverSide, 99))}`,
  );
  if (MODE === 'kill')
    console.log(
      `after the kill: ${recovered.length} prompts of utterances sent before it arrived ${fmt(pct(recovered, 50))} ms (p50) / ${fmt(recovered[recovered.length - 1] ?? NaN)} ms (max) after it; reconnects ${reconnects}`,
    );
  console.log(
    `server CPU: ${fmt(totalCpu / 1000)} s over ${fmt(wall / 1000)} s = ${fmt((totalCpu / wall) * 100)}% of one core for ${CALLS} calls; per call ${fmt(((totalCpu / callSeconds) * 1000) / 1000)} ms CPU per call-second (${(((totalCpu / wall) * 100) / CALLS).toFixed(3)}% of a core)`,
  );
  console.log(
    `server memory: peak RSS ${peakRss.map(fmt).join(' + ')} MB, +${fmt(rssDelta)} MB over idle = ${fmt((rssDelta * 1024) / CALLS)} KB per call`,
  );
  console.log(
    `prompts lost ${lost}; duplicated within a connection ${dups}; utterance-driven engine prompts (offline, no timers) not among those stored ${missingFromEngine}; re-sent in a reconnect snapshot (dropped by the client) ${resentOnReconnect}; raised and resolved while no screen was connected (not owed) ${resolvedAway}; stream errors ${streamErrors}`,
  );
  if (lost) console.log(`lost by kind: ${[...lostKinds].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  const p99 = pct(latencies, 99);
  // Timers (a compliance deadline passing) can legitimately hold back an utterance-driven prompt
  // (one non-safety prompt at a time), so `missingFromEngine` is reported, not judged.
  const ok = lost === 0 && dups === 0 && p99 <= 50;
  console.log(
    ok
      ? 'PASS: p99 ≤ 50 ms, no prompt lost or duplicated'
      : `FAIL: ${p99 > 50 ? `p99 ${fmt(p99)} ms > 50 ms; ` : ''}${lost || dups ? 'prompts lost or duplicated' : ''}`,
  );
  process.exit(ok ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});
