import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinPlaybookIds, resolvePlaybook } from '@teachback/config';
import { TeachbackError, compilePlaybook, type Playbook } from '@teachback/core';

export interface PlaybookEntry {
  id: string;
  version: string;
  title: string;
  source: 'builtin' | 'tenant';
}

/**
 * The playbooks a tenant can read and edit: the built-ins, plus the tenant's own versions kept as
 * JSON files under `<dir>/<tenant>/<id>.json`. A tenant playbook with a built-in's id replaces it
 * for that tenant. Files go through the same loader as the CLI's, so the shared intents and
 * lexicons apply to uploaded playbooks exactly as to the built-ins.
 */
export class PlaybookLibrary {
  constructor(private readonly dir: string) {}

  private tenantDir(tenantId: string): string {
    // Tenant ids are slugs (store TenantInput); refuse anything that could leave the folder.
    if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(tenantId))
      throw new TeachbackError('STORE.INVALID', 'tenant id is not a slug');
    return path.join(this.dir, tenantId);
  }

  private file(tenantId: string, id: string): string {
    return path.join(this.tenantDir(tenantId), `${id}.json`);
  }

  list(tenantId: string): PlaybookEntry[] {
    const out = new Map<string, PlaybookEntry>();
    for (const id of builtinPlaybookIds()) {
      const p = resolvePlaybook(id);
      out.set(id, { id, version: p.version, title: p.title, source: 'builtin' });
    }
    const dir = this.tenantDir(tenantId);
    if (fs.existsSync(dir)) {
      for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
        const p = resolvePlaybook(path.join(dir, f));
        out.set(p.id, { id: p.id, version: p.version, title: p.title, source: 'tenant' });
      }
    }
    return [...out.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  get(tenantId: string, id: string): Playbook {
    const own = this.file(tenantId, id);
    if (fs.existsSync(own)) return resolvePlaybook(own);
    if (builtinPlaybookIds().includes(id)) return resolvePlaybook(id);
    throw new TeachbackError('STORE.NOT_FOUND', `playbook "${id}" not found`);
  }

  /** Parses and compiles without saving; throws `PLAYBOOK.INVALID` naming the field. */
  validate(tenantId: string, body: unknown): Playbook {
    const dir = this.tenantDir(tenantId);
    fs.mkdirSync(dir, { recursive: true });
    const tmp = path.join(dir, `.validate-${randomUUID()}.json`);
    fs.writeFileSync(tmp, JSON.stringify(body));
    try {
      const p = resolvePlaybook(tmp);
      compilePlaybook(p);
      return p;
    } catch (e) {
      // The loader names the temp file; the caller knows it as the request body.
      if (e instanceof TeachbackError) throw new TeachbackError(e.code, e.message.split(tmp).join('body'));
      throw e;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }

  /** Saves the tenant's version of playbook `id`; the body's id must match. */
  save(tenantId: string, id: string, body: unknown): Playbook {
    const p = this.validate(tenantId, body);
    if (p.id !== id)
      throw new TeachbackError('PLAYBOOK.INVALID', `body.id: must equal the playbook id in the path`);
    const file = this.file(tenantId, id);
    const tmp = `${file}.${randomUUID()}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(body, null, 2));
    // Rename so a reader never sees a half-written playbook.
    fs.renameSync(tmp, file);
    return p;
  }
}
