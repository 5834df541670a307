import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import * as path from 'node:path';
import type { SimCall } from './call-log';
import { pacificWallClock } from './report-format';

/**
 * Five9's recording export, on a real SFTP server: Debian's OpenSSH sshd started on a loopback
 * ephemeral port with a throwaway user and key (the way a customer's export host looks), plus
 * fixtures named the way Five9 names exported recordings.
 */
export interface LoopbackSftp {
  host: string;
  port: number;
  username: string;
  privateKey: string;
  /** Absolute path of the export folder on the server (readable and writable by the user). */
  exportDir: string;
  close(): Promise<void>;
}

const SSHD = '/usr/sbin/sshd';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sshd exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const sock = connect(port, '127.0.0.1');
      sock.once('data', () => {
        sock.destroy();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error('sshd did not start listening in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startLoopbackSftp(): Promise<LoopbackSftp> {
  if (!existsSync(SSHD)) {
    throw new Error('openssh-server is not installed (apt-get install -y openssh-server)');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'tb-five9-sftp-'));
  chmodSync(dir, 0o755);
  const asRoot = process.getuid?.() === 0;
  // sshd refuses to run without its privilege-separation directory.
  if (asRoot) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const username = asRoot
    ? `tbsftp${process.pid % 100000}${Math.floor(Math.random() * 1000)}`
    : userInfo().username;
  const home = path.join(dir, 'home');
  mkdirSync(home);
  const exportDir = path.join(home, 'recordings');
  mkdirSync(exportDir);
  if (asRoot) {
    // `-p '*'`: no usable password, but not "locked" (sshd refuses locked accounts without PAM).
    await retrying('useradd', () =>
      execFileSync('useradd', ['-M', '-d', home, '-s', '/bin/sh', '-p', '*', username]),
    );
    const uid = Number(execFileSync('id', ['-u', username]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', username]).toString().trim());
    chownSync(home, uid, gid);
    chownSync(exportDir, uid, gid);
  }
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'host_key')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'user_key')]);
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'user_key.pub')));
  chmodSync(path.join(dir, 'authorized_keys'), 0o644);
  const cleanupFiles = (): void => {
    if (asRoot) {
      try {
        execFileSync('userdel', [username]);
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  let started: { child: ChildProcess; port: number } | undefined;
  let lastError = '';
  // The free port is found by binding and releasing it; another process may take it before sshd
  // binds, so a failed start is retried on a new port.
  for (let attempt = 0; attempt < 3 && !started; attempt++) {
    const port = await freePort();
    const config = [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${path.join(dir, 'host_key')}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'PermitRootLogin no',
      `AllowUsers ${username}`,
      'Subsystem sftp internal-sftp',
      'ForceCommand internal-sftp',
      'LogLevel ERROR',
    ].join('\n');
    writeFileSync(path.join(dir, 'sshd_config'), config + '\n');
    const child = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      await waitForPort(port, child);
      started = { child, port };
    } catch (err) {
      if (child.exitCode === null) child.kill('SIGTERM');
      lastError = `${(err as Error).message}; ${stderr.trim()}`;
    }
  }
  if (!started) {
    cleanupFiles();
    throw new Error(`could not start sshd: ${lastError}`);
  }
  const { child, port } = started;
  return {
    host: '127.0.0.1',
    port,
    username,
    privateKey: readFileSync(path.join(dir, 'user_key'), 'utf8'),
    exportDir,
    close: async () => {
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null) resolve();
        else child.once('exit', () => resolve());
      });
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      cleanupFiles();
    },
  };
}

/** useradd/userdel take a lock on /etc/passwd; parallel test files can collide on it briefly. */
async function retrying(what: string, run: () => unknown): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      run();
      return;
    } catch (err) {
      if (attempt >= 5) throw new Error(`${what} failed: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

/** Five9's export naming as jonlake5/five9_call_archiving reads it: fields joined by `__`. */
export const DEFAULT_EXPORT_PATTERN =
  '{agent}__{ani}__{date}__{time}__{callId}__{campaign}__{disposition}__{sessionId}__{skill}.wav';

function safe(text: string): string {
  // A field may never start or end with `_`, or it would merge with the `__` separator.
  return text
    .replace(/[^A-Za-z0-9 .@_-]/g, '_')
    .replace(/__+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export function exportFileName(call: SimCall, pattern: string = DEFAULT_EXPORT_PATTERN): string {
  const p = pacificWallClock(call.startedAtMs);
  const values: Record<string, string> = {
    agent: call.agent,
    ani: call.ani,
    date: `${p['month']!.padStart(2, '0')}_${p['day']!.padStart(2, '0')}_${p['year']}`,
    time: `${p['hour']}_${p['minute']}_${p['second']}`,
    callId: call.callId,
    campaign: call.campaign,
    disposition: call.disposition,
    sessionId: call.sessionId,
    skill: call.skill,
  };
  return pattern.replace(/\{(\w+)\}/g, (_, k: string) => safe(values[k] ?? ''));
}

/** A tiny valid 8 kHz mono PCM WAV: the header plus `ms` of silence. */
export function silentWav(ms = 200): Buffer {
  const samples = Math.floor((8000 * ms) / 1000);
  const data = Buffer.alloc(samples * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

export interface ExportFixtureOptions {
  pattern?: string;
  /** Extra files whose names do not follow the pattern (they must be quarantined). */
  junkNames?: string[];
  /** Owner for the written files (the SFTP user), when running as root. */
  owner?: string;
}

/** Writes one recording per recorded call into `dir`; returns the file names written. */
export function writeRecordingExport(
  dir: string,
  calls: readonly SimCall[],
  options: ExportFixtureOptions = {},
): string[] {
  const names: string[] = [];
  const wav = silentWav();
  for (const call of calls) {
    if (!call.recorded) continue;
    const name = exportFileName(call, options.pattern);
    writeFileSync(path.join(dir, name), wav);
    names.push(name);
  }
  for (const junk of options.junkNames ?? []) {
    writeFileSync(path.join(dir, junk), wav);
    names.push(junk);
  }
  if (options.owner && process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', options.owner]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', options.owner]).toString().trim());
    for (const n of names) chownSync(path.join(dir, n), uid, gid);
  }
  return names;
}
