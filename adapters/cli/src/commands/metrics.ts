import type { Command } from 'commander';
import {
  addSums,
  finishMetrics,
  weekOf,
  weeklyDigest,
  type ContactCenterMetrics,
  type MetricGroupBy,
  type MetricPeriod,
  type MetricRow,
  type RampResult,
} from '@teachback/core';
import {
  DEFAULT_METRICS_DEFINITIONS,
  loadMetricsDefinitions,
  metricsDefinitionsFor,
  type MetricsDefinitions,
} from '@teachback/config';
import { mintSurveyLink, rampOf } from '@teachback/adapter-server';
import type { CliContext } from './context';
import { deliverDigests } from './metrics-digest';
import { CliUsageError, operator, requireTenant, run, withStore } from './store-cli';

const BY = ['agent', 'team', 'queue', 'call-type', 'channel', 'all'] as const;
const PERIODS = ['day', 'week', 'all'] as const;
const FORMATS = ['table', 'csv', 'json'] as const;

function moment(flag: string, v: string | undefined): string {
  if (!v) throw new CliUsageError(`${flag} is required (YYYY-MM-DD or an ISO-8601 date-time)`);
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00.000Z` : v;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new CliUsageError(`${flag}: not a date (YYYY-MM-DD or ISO-8601)`);
  return new Date(t).toISOString();
}

function oneOf<T extends string>(flag: string, v: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(v))
    throw new CliUsageError(`${flag} must be one of ${allowed.join(', ')}`);
  return v as T;
}

/** A --definitions file wins; otherwise the tenant's definitions from the settings (`metrics.*`). */
function definitions(file: string | undefined, context?: CliContext, tenantId?: string): MetricsDefinitions {
  if (file) return loadMetricsDefinitions(file);
  if (!context || !tenantId) return DEFAULT_METRICS_DEFINITIONS;
  return metricsDefinitionsFor(context.settings().metrics, tenantId);
}

type Column = [name: string, value: (m: ContactCenterMetrics) => number | null];

/** The flat columns of csv/table: each rate as value + numerator/denominator + missing. */
function columns(stages: readonly string[]): Column[] {
  const rate = (
    name: string,
    pick: (m: ContactCenterMetrics) => {
      value: number | null;
      numerator: number;
      denominator: number;
      missing: number;
    },
  ): Column[] => [
    [`${name}_pct`, (m) => pick(m).value],
    [`${name}_num`, (m) => pick(m).numerator],
    [`${name}_den`, (m) => pick(m).denominator],
    [`${name}_missing`, (m) => pick(m).missing],
  ];
  const mean = (
    name: string,
    pick: (m: ContactCenterMetrics) => { value: number | null; count: number; missing: number },
  ): Column[] => [
    [`${name}_ms`, (m) => pick(m).value],
    [`${name}_n`, (m) => pick(m).count],
    [`${name}_missing`, (m) => pick(m).missing],
  ];
  return [
    ['interactions', (m) => m.interactions],
    ...rate('fcr', (m) => m.fcr),
    ...rate('csat', (m) => m.csat),
    ['nps', (m) => m.nps.value],
    ['nps_responses', (m) => m.nps.responses],
    ['nps_missing', (m) => m.nps.missing],
    ...rate('compliance', (m) => m.compliance),
    ...rate('adherence', (m) => m.adherence),
    ...stages.flatMap((s, i) => rate(`conversion_${s}`, (m) => m.conversion[i]!)),
    ...mean('aht', (m) => m.aht),
    ...mean('asa', (m) => m.asa),
    ...rate('abandonment', (m) => m.abandonment),
    ...mean('hold', (m) => m.hold),
    ...rate('transfers', (m) => m.transfers),
  ];
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function formatMetrics(
  rows: readonly MetricRow[],
  format: (typeof FORMATS)[number],
  stages: readonly string[],
): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') {
    const cols = columns(stages);
    const head = ['key', 'period', ...cols.map((c) => c[0])].join(',');
    return `${[head, ...rows.map((r) => [r.key, r.period, ...cols.map((c) => c[1](r.metrics))].map(csvCell).join(','))].join('\n')}\n`;
  }
  // Table: the headline of each metric; "n/a" where the data is missing (see csv/json for the counts).
  const show = (v: number | null, unit = '') => (v === null ? 'n/a' : `${v}${unit}`);
  const secs = (v: number | null) => (v === null ? 'n/a' : `${Math.round(v / 1000)}s`);
  const header = [
    'key',
    'period',
    'calls',
    'FCR',
    'CSAT',
    'NPS',
    'compliance',
    'adherence',
    'AHT',
    'ASA',
    'abandon',
    'hold',
    'transfers',
  ];
  const body = rows.map((r) => {
    const m = r.metrics;
    return [
      r.key ?? '(none)',
      r.period,
      String(m.interactions),
      show(m.fcr.value, '%'),
      show(m.csat.value, '%'),
      show(m.nps.value),
      show(m.compliance.value, '%'),
      show(m.adherence.value, '%'),
      secs(m.aht.value),
      secs(m.asa.value),
      show(m.abandonment.value, '%'),
      secs(m.hold.value),
      show(m.transfers.value, '%'),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n')}\n`;
}

/**
 * `teachback metrics`, `follow-ups`, `survey-link` and `digest`: the operator's way to the
 * contact-center metrics, promised follow-ups, Teachback's survey links and the weekly digest.
 */
/** Ramp per agent: json keeps the daily curve; csv and table give the summary row. */
export function formatRamp(rows: readonly RampResult[], format: string): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  const head = ['agent', 'start', 'ramp_days', 'team_median', 'last_rolling'];
  const body = rows.map((r) => [
    r.agentId,
    r.startDay,
    r.rampDays === null ? '' : String(r.rampDays),
    r.teamMedian === null ? '' : String(r.teamMedian),
    String(r.curve.filter((p) => p.rolling !== null).at(-1)?.rolling ?? ''),
  ]);
  if (format === 'csv') return `${[head, ...body].map((l) => l.join(',')).join('\n')}\n`;
  const shown = body.map((l) => l.map((c) => (c === '' ? 'n/a' : c)));
  const widths = head.map((h, i) => Math.max(h.length, ...shown.map((l) => l[i]!.length)));
  return `${[head, ...shown].map((l) => l.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n')}\n`;
}

export function register(program: Command, context: CliContext): void {
  program
    .command('metrics')
    .description(
      'Contact-center metrics (FCR, CSAT, NPS, compliance, adherence, AHT, ASA, abandonment, hold, transfers)',
    )
    .option('--tenant <tenant>', 'tenant id')
    .option('--from <date>', 'start, inclusive (YYYY-MM-DD or ISO-8601)')
    .option('--to <date>', 'end, exclusive')
    .option('--by <group>', BY.join('|'), 'agent')
    .option('--period <period>', PERIODS.join('|'), 'week')
    .option('--format <format>', FORMATS.join('|'), 'table')
    .option('--definitions <file>', 'metric definitions JSON (FCR window, funnel, call types)')
    .option(
      '--ramp',
      "instead: ramp time per agent (days from the agent's first interaction in the range until the rolling score reaches the team median)",
    )
    .option('--team <teamId>', 'with --ramp: one team')
    .action(
      async (opts: {
        tenant?: string;
        from?: string;
        to?: string;
        by: string;
        period: string;
        format: string;
        definitions?: string;
        ramp?: boolean;
        team?: string;
      }) =>
        run('metrics', async () => {
          const tenant = requireTenant(opts.tenant);
          const from = moment('--from', opts.from);
          const to = moment('--to', opts.to);
          if (Date.parse(to) <= Date.parse(from)) throw new CliUsageError('--to must be after --from');
          if (opts.ramp) {
            const format = oneOf('--format', opts.format, FORMATS);
            const defs = definitions(opts.definitions, context, tenant);
            const ramp = await withStore(context.settings(), (s) =>
              rampOf(s, operator(tenant, ['compliance']), tenant, {
                from,
                to,
                teamId: opts.team,
                windowDays: defs.rampWindowDays,
              }),
            );
            process.stdout.write(formatRamp(ramp, format));
            return;
          }
          const by = oneOf('--by', opts.by, BY);
          const period = oneOf('--period', opts.period, PERIODS);
          const format = oneOf('--format', opts.format, FORMATS);
          const defs = definitions(opts.definitions, context, tenant);
          const rows = await withStore(context.settings(), (s) =>
            s.metrics.sums(operator(tenant, ['compliance']), tenant, {
              from,
              to,
              by: by as MetricGroupBy,
              period: period as MetricPeriod,
              fcrWindowDays: defs.fcrWindowDays,
              funnelStages: defs.funnel.stages,
              dispositionStages: defs.funnel.dispositions,
            }),
          );
          const out = rows.map((r) => ({
            key: r.key,
            period: r.period,
            metrics: finishMetrics(r.sums, defs.funnel.stages),
          }));
          process.stdout.write(formatMetrics(out, format, defs.funnel.stages));
        }),
    );

  program
    .command('metrics-refresh')
    .description(
      'Rebuild the metric day cells marked stale (after migration 12 or a bulk load; saves keep them current)',
    )
    .option('--tenant <tenant>', 'tenant id')
    .action(async (opts: { tenant?: string }) =>
      run('metrics-refresh', async () => {
        const tenant = requireTenant(opts.tenant);
        const r = await withStore(context.settings(), (s) =>
          s.metrics.refresh(operator(tenant, ['compliance']), tenant),
        );
        process.stdout.write(`${JSON.stringify(r)}\n`);
      }),
    );

  const followUps = program.command('follow-ups').description('Promised follow-ups tracked from calls');
  followUps
    .command('list')
    .description('List follow-ups (JSON; the promise text is PHI and the read is audited)')
    .option('--tenant <tenant>', 'tenant id')
    .option('--status <status>', 'open|done|kept|missed')
    .option('--agent <agentId>', 'one agent')
    .action(async (opts: { tenant?: string; status?: string; agent?: string }) =>
      run('follow-ups list', async () => {
        const tenant = requireTenant(opts.tenant);
        const status = opts.status
          ? oneOf('--status', opts.status, ['open', 'done', 'kept', 'missed'] as const)
          : undefined;
        const items = await withStore(context.settings(), (s) =>
          s.followUps.list(operator(tenant, ['compliance']), tenant, {
            ...(status ? { status } : {}),
            ...(opts.agent ? { agentId: opts.agent } : {}),
          }),
        );
        process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
      }),
    );
  followUps
    .command('settle')
    .description('Settle follow-ups past due: kept by a later contact from the same agent, else missed')
    .option('--tenant <tenant>', 'tenant id')
    .option('--as-of <date>', 'judge as of this moment (default now)')
    .action(async (opts: { tenant?: string; asOf?: string }) =>
      run('follow-ups settle', async () => {
        const tenant = requireTenant(opts.tenant);
        const asOf = opts.asOf ? moment('--as-of', opts.asOf) : new Date().toISOString();
        const changed = await withStore(context.settings(), (s) =>
          s.followUps.settle(operator(tenant, ['integration']), tenant, asOf),
        );
        // Ids and outcomes only: the promise text stays in the store.
        process.stdout.write(
          `${JSON.stringify(
            changed.map((c) => ({
              id: c.id,
              interactionId: c.interactionId,
              agentId: c.agentId,
              status: c.status,
              keptBy: c.keptBy,
            })),
            null,
            2,
          )}\n`,
        );
      }),
    );

  program
    .command('survey-link')
    .description("Mint a signed, single-use, expiring link to Teachback's survey for one interaction")
    .option('--tenant <tenant>', 'tenant id')
    .requiredOption('--interaction <id>', 'interaction id')
    .option('--definitions <file>', 'metric definitions JSON holding survey.secret')
    .option('--base-url <url>', 'public URL of the Teachback server (else survey.baseUrl)')
    .action(async (opts: { tenant?: string; interaction: string; definitions?: string; baseUrl?: string }) =>
      run('survey-link', async () => {
        const tenant = requireTenant(opts.tenant);
        const defs = definitions(opts.definitions, context, tenant);
        const link = await withStore(context.settings(), (s) =>
          mintSurveyLink(
            { store: s, metrics: { definitionsFor: () => defs } },
            operator(tenant, ['admin']),
            tenant,
            opts.interaction,
            opts.baseUrl,
          ),
        );
        process.stdout.write(`${JSON.stringify(link, null, 2)}\n`);
      }),
    );

  program
    .command('digest')
    .description('Weekly digest per supervisor: email body and webhook payload (no PHI)')
    .option('--tenant <tenant>', 'tenant id')
    .option('--week <date>', 'any day of the week (default: last week)')
    .option('--format <format>', 'email|webhook', 'email')
    .option('--definitions <file>', 'metric definitions JSON')
    .option(
      '--deliver',
      'send instead of printing: POST each payload to metrics.digest.webhookUrl and write each email to metrics.digest.outboxDir',
    )
    .action(
      async (opts: {
        tenant?: string;
        week?: string;
        format: string;
        definitions?: string;
        deliver?: boolean;
      }) =>
        run('digest', async () => {
          const tenant = requireTenant(opts.tenant);
          const format = oneOf('--format', opts.format, ['email', 'webhook'] as const);
          const day = opts.week
            ? moment('--week', opts.week)
            : new Date(Date.now() - 7 * 86_400_000).toISOString();
          const from = `${weekOf(day)}T00:00:00.000Z`;
          const to = new Date(Date.parse(from) + 7 * 86_400_000).toISOString();
          const defs = definitions(opts.definitions, context, tenant);
          const digests = await withStore(context.settings(), async (s) => {
            const ctx = operator(tenant, ['compliance']);
            const q = {
              from,
              to,
              period: 'all' as const,
              fcrWindowDays: defs.fcrWindowDays,
              funnelStages: defs.funnel.stages,
              dispositionStages: defs.funnel.dispositions,
            };
            const [byAgent, byTeam, users, followUps] = await Promise.all([
              s.metrics.sums(ctx, tenant, { ...q, by: 'agent' }),
              s.metrics.sums(ctx, tenant, { ...q, by: 'team' }),
              s.tenants.roster(operator(tenant, ['admin']), tenant),
              s.followUps.list(ctx, tenant, { dueBefore: to }),
            ]);
            const agentOwner = new Map<string, { teams: string[]; name: string }>();
            for (const u of users)
              for (const a of [u.id, ...u.agentIds])
                agentOwner.set(a, { teams: u.teamIds, name: u.displayName });
            return users
              .filter((u) => u.active && u.roles.includes('supervisor'))
              .map((sup) => {
                const mine = (agentId: string | null) =>
                  !!agentId && (agentOwner.get(agentId)?.teams ?? []).some((t) => sup.teamIds.includes(t));
                const teamSums = byTeam.filter((r) => r.key !== null && sup.teamIds.includes(r.key));
                const team = teamSums.length
                  ? finishMetrics(teamSums.map((r) => r.sums).reduce(addSums), defs.funnel.stages)
                  : null;
                return {
                  to: sup.email,
                  ...weeklyDigest({
                    tenantId: tenant,
                    supervisor: { id: sup.id, name: sup.displayName, email: sup.email },
                    week: { from, to },
                    team,
                    agents: byAgent
                      .filter((r) => mine(r.key))
                      .map((r) => ({
                        agentId: r.key!,
                        name: agentOwner.get(r.key!)?.name,
                        metrics: finishMetrics(r.sums, defs.funnel.stages),
                      })),
                    followUps: followUps.filter(
                      (f) => mine(f.agentId) && (f.status === 'missed' || f.status === 'open'),
                    ),
                  }),
                };
              });
          });
          if (opts.deliver) {
            const d = context.settings().metrics.digest;
            if (!d.webhookUrl && !d.outboxDir)
              throw new CliUsageError(
                '--deliver needs TEACHBACK_DIGEST_WEBHOOK_URL or TEACHBACK_DIGEST_OUTBOX (metrics.digest in the settings file)',
              );
            const r = await deliverDigests(digests, {
              webhookUrl: d.webhookUrl,
              webhookSecret: d.webhookSecret,
              outboxDir: d.outboxDir,
              from: d.from,
            });
            process.stdout.write(
              `digest: ${digests.length} supervisor(s), ${r.posted} posted, ${r.emailed} emailed, ${r.noAddress} without an email address\n`,
            );
            return;
          }
          if (format === 'webhook')
            process.stdout.write(
              `${JSON.stringify(
                digests.map((d) => d.payload),
                null,
                2,
              )}\n`,
            );
          else
            process.stdout.write(
              digests.map((d) => `Subject: ${d.email.subject}\n\n${d.email.text}\n`).join('\n----\n\n'),
            );
        }),
    );
}
