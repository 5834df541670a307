import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import type { AuditRecord } from '@teachback/core';
import type { CliContext } from './context';
import { CliUsageError, operator, requireTenant, run, withStore } from './store-cli';

const When = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

function when(flag: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (!When.safeParse(v).success)
    throw new CliUsageError(`${flag} must be an ISO date (2026-03-01) or date-time (2026-03-01T00:00:00Z)`);
  return v.length === 10 ? `${v}T00:00:00.000Z` : v;
}

const CSV_COLUMNS = [
  'tenant_id',
  'seq',
  'at',
  'actor_id',
  'action',
  'resource_type',
  'resource_id',
  'outcome',
  'source',
  'details',
  'prev_hash',
  'hash',
] as const;

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(records: readonly AuditRecord[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of records) {
    lines.push(
      [
        r.tenantId,
        r.seq,
        r.at,
        r.actorId,
        r.action,
        r.resourceType,
        r.resourceId,
        r.outcome,
        r.source,
        r.details,
        r.prevHash,
        r.hash,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

export function register(program: Command, context: CliContext): void {
  const audit = program.command('audit').description('The hash-chained audit trail');
  audit
    .command('verify')
    .description("Walk a tenant's audit chain and report the first broken link")
    .option('--tenant <tenant>', 'tenant id')
    .action(async (opts: { tenant?: string }) =>
      run('audit verify', async () => {
        const tenant = requireTenant(opts.tenant);
        const r = await withStore(context.settings(), (s) =>
          s.audit.verify(operator(tenant, ['compliance']), tenant),
        );
        const anchored =
          r.anchors === undefined
            ? 'no anchor log configured (TEACHBACK_AUDIT_ANCHOR_DIR), so a rewrite plus re-hash would not be caught'
            : `compared with ${r.anchors} anchors`;
        if (r.ok) {
          process.stdout.write(
            `audit chain for ${tenant} is intact: ${r.count} events verified; ${anchored}\n`,
          );
          return 0;
        }
        process.stdout.write(
          `audit chain for ${tenant} is BROKEN at event seq ${r.brokenSeq} (${r.reason}); ${r.count} events before it verified; ${anchored}\n`,
        );
        return 1;
      }),
    );
  audit
    .command('export')
    .description('Export audit events (this export is itself audited)')
    .option('--tenant <tenant>', 'tenant id')
    .option('--from <when>', 'first instant, inclusive (ISO date or date-time)')
    .option('--to <when>', 'last instant, exclusive (ISO date or date-time)')
    .option('--format <csv|json>', 'output format', 'json')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (opts: { tenant?: string; from?: string; to?: string; format: string; out?: string }) =>
      run('audit export', async () => {
        const tenant = requireTenant(opts.tenant);
        if (opts.format !== 'csv' && opts.format !== 'json')
          throw new CliUsageError(`--format must be csv or json, not "${opts.format}"`);
        const from = when('--from', opts.from);
        const to = when('--to', opts.to);
        const records = await withStore(context.settings(), (s) =>
          s.audit.read(
            operator(tenant, ['compliance']),
            tenant,
            { ...(from ? { from } : {}), ...(to ? { to } : {}) },
            'export',
          ),
        );
        const text = opts.format === 'csv' ? toCsv(records) : `${JSON.stringify(records, null, 2)}\n`;
        if (opts.out) {
          await new Promise<void>((resolve, reject) => {
            const out = createWriteStream(opts.out!, { mode: 0o600 });
            out.on('error', reject);
            out.end(text, () => resolve());
          });
          process.stderr.write(`exported ${records.length} audit events to ${opts.out}\n`);
        } else {
          process.stdout.write(text);
        }
      }),
    );
}
