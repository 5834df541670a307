import {
  closeSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { TeachbackError, type AuditAnchor, type AuditAnchorLog } from '@teachback/core';

const FILE = /^anchors-(\d{4}-\d{2}-\d{2})\.jsonl$/;

/**
 * The default anchor log: one JSON line per anchor in `anchors-YYYY-MM-DD.jsonl` (UTC day of the
 * checkpoint), opened O_APPEND and fsynced (file and, on a new file, the directory) before
 * `append` resolves. A database superuser cannot reach it; whoever holds the host can, which is
 * why the README describes shipping these files to write-once object storage.
 *
 * Several processes may share one directory: each append is a single write() of whole lines with
 * O_APPEND, so lines never interleave on a local file system.
 */
export class FileAnchorLog implements AuditAnchorLog {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  async append(anchors: readonly AuditAnchor[]): Promise<void> {
    const byDay = new Map<string, string[]>();
    for (const a of anchors) {
      const day = a.at.slice(0, 10);
      const line = JSON.stringify({ tenantId: a.tenantId, seq: a.seq, hash: a.hash, at: a.at });
      byDay.set(day, [...(byDay.get(day) ?? []), line]);
    }
    for (const [day, lines] of byDay) {
      const file = join(this.dir, `anchors-${day}.jsonl`);
      let fd: number;
      try {
        fd = openSync(file, 'a+', 0o600);
      } catch (e) {
        throw new TeachbackError('AUDIT.ANCHOR_WRITE_FAILED', 'audit anchor log: cannot open the day file', {
          cause: e,
        });
      }
      try {
        // A torn last line (a crash mid-write) is closed off first, so it cannot swallow this one.
        writeSync(fd, `${endsTorn(fd) ? '\n' : ''}${lines.join('\n')}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      this.syncDir();
    }
  }

  async read(tenantId: string): Promise<AuditAnchor[]> {
    const out: AuditAnchor[] = [];
    for (const name of readdirSync(this.dir).sort()) {
      if (!FILE.test(name)) continue;
      const text = readFileSync(join(this.dir, name), 'utf8');
      for (const line of text.split('\n')) {
        if (!line) continue;
        let a: AuditAnchor;
        try {
          a = JSON.parse(line) as AuditAnchor;
        } catch {
          // A torn last line (crash mid-write, before fsync returned): its checkpoint was never
          // acknowledged, so it vouches for nothing.
          continue;
        }
        if (a.tenantId === tenantId && Number.isInteger(a.seq) && typeof a.hash === 'string') out.push(a);
      }
    }
    return out;
  }

  /** A new day file's directory entry must be durable too, or a crash could lose the whole file. */
  private syncDir(): void {
    try {
      const fd = openSync(this.dir, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      // Some platforms refuse fsync on a directory; the file's own fsync still happened.
    }
  }
}

function endsTorn(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}
