import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalKeyProvider, openStore } from '@teachback/adapter-store';
import { PERSON, scoredCall, system } from './support/records';

/*
 * SIGKILL during `teachback keys rotate`: the real CLI process is killed after its first committed
 * batch. Every value must still decrypt (the retired key stays), `keys rotate --resume` must finish
 * under the key the killed run made (no third key), and afterwards nothing is left under the old key.
 * Needs a built CLI (`npm run build`).
 */

jest.setTimeout(120_000);

const BIN = path.resolve(__dirname, '../../../adapters/cli/dist/bin.js');
const MASTER_KEY = 'cd'.repeat(32);
const KEYS = new LocalKeyProvider(Buffer.from(MASTER_KEY, 'hex'));
const TENANT = 'rotate-kill';
const CALLS = 60;
/** Every sealed column of the store, as the rotation walks them. */
const SEALED: [string, string][] = [
  ['interactions', 'phi_enc'],
  ['transcripts', 'body_enc'],
  ['recordings', 'uri_enc'],
  ['scorecards', 'body_enc'],
  ['escalations', 'body_enc'],
  ['contacts', 'identity_enc'],
];

let dir: string;
let url: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-rotate-kill-'));
  url = `sqlite:${path.join(dir, 'store.db')}`;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(
  args: string[],
  killAfterProgress = false,
): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, TEACHBACK_DATABASE_URL: url, TEACHBACK_MASTER_KEY: MASTER_KEY },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    if (killAfterProgress && /re-encrypted \d+/.test(err) && child.exitCode === null) child.kill('SIGKILL');
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out, err })));
}

async function underKey(keyId: string): Promise<{ under: number; other: number }> {
  const store = await openStore({ url, keys: KEYS });
  try {
    let under = 0;
    let other = 0;
    for (const [table, col] of SEALED) {
      const rows = await store.driver.all<{ v: string }>(
        `SELECT ${col} AS v FROM ${table} WHERE tenant_id = ? AND ${col} IS NOT NULL`,
        [TENANT],
      );
      for (const r of rows) {
        if (String(r.v).startsWith(`tb1.${keyId}.`)) under++;
        else other++;
      }
    }
    return { under, other };
  } finally {
    await store.close();
  }
}

/** Opens every call and its parts: throws if any value does not decrypt. */
async function readEverything(): Promise<number> {
  const store = await openStore({ url, keys: KEYS });
  try {
    let ok = 0;
    for (let n = 1; n <= CALLS; n++) {
      const d = await store.interactions.get(system(TENANT), TENANT, `fault-${n}`);
      expect(d.interaction.contact?.name).toBe(PERSON.name);
      expect(d.interaction.transcript?.utterances[1]?.text).toContain(PERSON.dob);
      expect(d.interaction.recordings?.[0]?.uri).toBe(`s3://rec/fault-${n}.wav`);
      expect(d.scorecard?.findings[0]?.evidence[0]?.quote).toContain(PERSON.dob);
      ok++;
    }
    return ok;
  } finally {
    await store.close();
  }
}

it('a rotation killed mid-way leaves everything readable and resumes under the same new key', async () => {
  const store = await openStore({ url, keys: KEYS });
  await store.tenants.create({ id: TENANT, name: 'Rotate Kill Clinic' });
  for (let n = 1; n <= CALLS; n++) await store.interactions.save(system(TENANT), TENANT, scoredCall(n));
  const [first] = await store.keys.list(system(TENANT), TENANT);
  await store.close();

  const killed = await cli(['keys', 'rotate', '--tenant', TENANT, '--batch-size', '1'], true);
  expect(killed.signal).toBe('SIGKILL');
  const afterKill = await (async () => {
    const s = await openStore({ url, keys: KEYS });
    try {
      return await s.keys.list(system(TENANT), TENANT);
    } finally {
      await s.close();
    }
  })();
  expect(afterKill.map((k) => k.status)).toEqual(['retired', 'active']);
  const newKey = afterKill[1]!.keyId;
  // Really interrupted: part of the data is under the new key, part still under the old one.
  const mid = await underKey(newKey);
  expect(mid.under).toBeGreaterThan(0);
  expect(mid.other).toBeGreaterThan(0);
  // Nothing is undecryptable in between.
  expect(await readEverything()).toBe(CALLS);

  const resumed = await cli(['keys', 'rotate', '--tenant', TENANT, '--batch-size', '50', '--resume']);
  expect(resumed.code).toBe(0);
  expect(resumed.out).toContain(`resumed ${TENANT}: key ${first!.keyId} -> ${newKey}`);
  const done = await underKey(newKey);
  expect(done).toEqual({ under: mid.under + mid.other, other: 0 });
  expect(await readEverything()).toBe(CALLS);
  const s = await openStore({ url, keys: KEYS });
  try {
    // No third key: the resume finished the killed rotation rather than starting another.
    expect((await s.keys.list(system(TENANT), TENANT)).map((k) => k.keyId)).toEqual([first!.keyId, newKey]);
  } finally {
    await s.close();
  }
});
