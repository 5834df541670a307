import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, LocalKeyProvider, FileAnchorLog } from '../src';
import { storeContract } from '../src/contract/store-contract';

const dir = mkdtempSync(join(tmpdir(), 'tb-store-sqlite-'));
const file = join(dir, 'teachback.db');

storeContract({
  name: 'sqlite',
  open: () =>
    openStore({
      url: `sqlite:${file}`,
      keys: new LocalKeyProvider(Buffer.alloc(32, 1)),
      audit: { anchors: new FileAnchorLog(join(dir, 'anchors')) },
    }),
  async dump() {
    return [file, `${file}-wal`]
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f).toString('latin1'))
      .join('\n');
  },
  async tamperAudit(tenantId, seq) {
    const db = new Database(file);
    try {
      db.exec('DROP TRIGGER IF EXISTS audit_events_no_update');
      db.prepare(
        "UPDATE audit_events SET at = substr(at, 1, 20) || (CASE WHEN substr(at, 21, 1) = '9' THEN '8' ELSE '9' END) || substr(at, 22) WHERE tenant_id = ? AND seq = ?",
      ).run(tenantId, seq);
    } finally {
      // Put the guard back whatever happened, so later tests meet the real append-only table.
      db.exec(
        "CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
      );
      db.close();
    }
  },
  async deleteAudit(tenantId, seq) {
    const db = new Database(file);
    try {
      db.exec('DROP TRIGGER IF EXISTS audit_events_no_delete');
      db.prepare('DELETE FROM audit_events WHERE tenant_id = ? AND seq = ?').run(tenantId, seq);
    } finally {
      db.exec(
        "CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
      );
      db.close();
    }
  },
  async superuser(statements) {
    const db = new Database(file);
    try {
      db.exec('DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete');
      db.transaction(() => {
        for (const [sql, params] of statements) db.prepare(sql).run(...params);
      })();
    } finally {
      db.exec(
        "CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
      );
      db.exec(
        "CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
      );
      db.close();
    }
  },
  async cleanup() {
    rmSync(dir, { recursive: true, force: true });
  },
});
