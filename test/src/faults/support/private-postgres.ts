import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';

/**
 * A throw-away PostgreSQL 15 cluster of the test's own (never the shared one on 5432, which other
 * suites use): initdb into a temp dir owned by `postgres`, started on a free port with its socket
 * in the same dir. `restart` is a real server restart (fast shutdown: every connection is cut);
 * `crash` an immediate shutdown (every process killed at once, as in a power cut of the server:
 * WAL not yet written by then is gone) followed by a start, which replays the WAL.
 */
export interface PrivatePostgres {
  url: string;
  restart(): void;
  crash(): void;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const asPostgres = (args: string[]): void => {
  execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'ignore', timeout: 60_000 });
};

/** `settings`: extra server settings (`name=value`), e.g. to widen the window a crash can lose. */
export async function startPrivatePostgres(settings: string[] = []): Promise<PrivatePostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-pg-'));
  fs.chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  fs.mkdirSync(data);
  execFileSync('chown', ['-R', 'postgres', dir]);
  const port = await freePort();
  asPostgres([`${BIN}/initdb`, '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const ctl = (...args: string[]) =>
    asPostgres([`${BIN}/pg_ctl`, '-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '30', ...args]);
  const opts = [
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    ...settings.map((x) => `-c ${x}`),
  ].join(' ');
  let running = false;
  const stop = () => {
    if (running) {
      try {
        ctl('-m', 'immediate', 'stop');
      } catch {
        // already down
      }
      running = false;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    ctl('-o', opts, 'start');
    running = true;
  } catch (e) {
    stop();
    throw e;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: () => ctl('-m', 'fast', '-o', opts, 'restart'),
    crash: () => {
      ctl('-m', 'immediate', 'stop');
      ctl('-o', opts, 'start');
    },
    stop,
  };
}
