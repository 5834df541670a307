// `npm start` runs the built CLI's `teachback demo --serve`: this starts it the same way, reads the
// banner, follows the printed widget URL's API call with the printed agent login, then stops it
// with SIGINT and checks it cleaned up. Needs a built CLI (`npm test` builds first).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

jest.setTimeout(90_000);

const BIN = path.resolve(__dirname, '../../adapters/cli/dist/bin.js');

describe('teachback demo --serve (what npm start runs)', () => {
  let child: ChildProcessWithoutNullStreams;
  let out = '';
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('prints a widget URL and logins that serve a scored interaction, and stops cleanly', async () => {
    child = spawn(process.execPath, [BIN, 'demo', '--serve', '--port', '0'], {
      env: { ...process.env, TEACHBACK_LOG_LEVEL: 'warn' },
    });
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    await new Promise<void>((resolve, reject) => {
      const check = () => (out.includes('Ctrl+C stops the demo.') ? resolve() : undefined);
      child.stdout.on('data', check);
      child.once('exit', (code) => reject(new Error(`demo exited early (${code}): ${err}`)));
    });

    const widget = /(http:\/\/127\.0\.0\.1:\d+\/widget\/\S+)/.exec(out)![1]!;
    const url = new URL(widget);
    const token = new URLSearchParams(url.hash.slice(1)).get('access_token')!;
    const externalId = url.searchParams.get('externalId')!;
    const page = await fetch(`${url.origin}${url.pathname}${url.search}`);
    expect(page.status).toBe(200);
    const api = await fetch(`${url.origin}/v1/interactions/by-source/genesys/${externalId}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(api.status).toBe(200);
    const detail = (await api.json()) as any;
    expect(typeof detail.scorecard.score).toBe('number');

    // The banner lists a web-app link per role first, then the bare tokens.
    const supervisor = /sam \(supervisor\)\s+(eyJ\S+)/.exec(out)![1]!;
    const list = await fetch(`${url.origin}/v1/interactions?limit=500`, {
      headers: { Authorization: `Bearer ${supervisor}` },
    });
    expect(((await list.json()) as any).items.length).toBeGreaterThan(100);

    const db = /embedded SQLite at (\S+)/.exec(out)![1]!;
    expect(fs.existsSync(db)).toBe(true);
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(fs.existsSync(db)).toBe(false);
  });
});
