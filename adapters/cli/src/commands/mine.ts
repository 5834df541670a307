import type { Command } from 'commander';
import { OUTCOMES, type MinedFinding, type OutcomeName } from '@teachback/core';
import {
  acceptSuggestion,
  agentMilestones,
  buildMonthlyReview,
  proposeLibrary,
  publishAccepted,
  runMining,
  builtinActTagger,
} from '@teachback/adapter-server';
import type { CliContext } from './context';
import { CliUsageError, operator, requireTenant, run, withStore } from './store-cli';

/*
 * `teachback mine` and its companions: mining runs, the suggestion review, the new-hire library
 * and the monthly review, all as the host operator. The operator reads calls as compliance
 * (tenant-wide), writes mining records as supervisor and publishes playbooks as admin; each of
 * those is audited under system:cli:<os user>.
 */

const ROLES = ['compliance', 'supervisor', 'admin'] as const;

/** Act tags from the config package's model (shared with the server routes). */
export const actTagger = builtinActTagger;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
function instant(flag: string, s: string | undefined, endOfDay: boolean): string | undefined {
  if (s === undefined) return undefined;
  if (DAY.test(s)) return `${s}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z`;
  if (!Number.isNaN(Date.parse(s)) && /T.*(Z|[+-]\d{2}:\d{2})$/.test(s)) return s;
  throw new CliUsageError(`${flag} must be a date (YYYY-MM-DD) or an ISO date-time with offset, not "${s}"`);
}

function outcomeName(s: string): OutcomeName {
  if (!(OUTCOMES as readonly string[]).includes(s))
    throw new CliUsageError(`--outcome must be one of ${OUTCOMES.join(', ')}, not "${s}"`);
  return s as OutcomeName;
}

function count(flag: string, s: string | undefined, min: number): number | undefined {
  if (s === undefined) return undefined;
  if (!/^\d{1,6}$/.test(s) || Number(s) < min)
    throw new CliUsageError(`${flag} must be a whole number ≥ ${min}, not "${s}"`);
  return Number(s);
}

const fmt = (x: number) => (x >= 10 ? x.toFixed(1) : x.toFixed(2));

function findingLine(f: MinedFinding): string {
  const z = f.logOdds ? `, log-odds z ${f.logOdds.z.toFixed(1)}` : '';
  return `  ${f.direction === 'helps' ? '+' : '-'} ${f.label}: OR ${fmt(f.effect.oddsRatio)} (95 % CI ${fmt(f.effect.ci[0])}–${fmt(f.effect.ci[1])}), q ${f.effect.q.toExponential(1)}${z}; ${f.calls} of ${f.universe} calls, success ${(100 * f.successWith).toFixed(0)} % vs ${(100 * f.successWithout).toFixed(0)} %`;
}

interface MineOptions {
  tenant?: string;
  outcome: string;
  callType?: string;
  from?: string;
  to?: string;
  playbook?: string;
  disposition?: string;
  minScore?: string;
  minCalls?: string;
  acts: boolean;
  save: boolean;
  json?: boolean;
  limit?: string;
}

function mineRequest(o: MineOptions) {
  const minScore = count('--min-score', o.minScore, 0);
  const minCalls = count('--min-calls', o.minCalls, 5);
  return {
    outcome: outcomeName(o.outcome),
    playbookId: o.playbook ?? o.callType ?? 'medicare-sales',
    callType: o.callType,
    from: instant('--from', o.from, false),
    to: instant('--to', o.to, true),
    ...(o.disposition ? { disposition: o.disposition } : {}),
    ...(minScore !== undefined ? { minScore } : {}),
    ...(minCalls !== undefined ? { minCalls } : {}),
  };
}

const windowOptions = (c: Command) =>
  c
    .option('--tenant <tenant>', 'tenant id')
    .option('--outcome <outcome>', `what counts as success: ${OUTCOMES.join(', ')}`, 'conversion')
    .option('--call-type <type>', 'only calls of this call type (e.g. medicare-sales)')
    .option('--from <date>', 'first call date (YYYY-MM-DD or ISO date-time)')
    .option('--to <date>', 'last call date, inclusive')
    .option('--playbook <id>', 'the playbook the suggestions are for (default: the call type)')
    .option('--disposition <name>', 'with --outcome disposition: the disposition that counts as success')
    .option('--min-score <n>', 'with --outcome score: the least score that counts as success')
    .option('--min-calls <n>', 'nothing is suggested from fewer calls (default 30)')
    .option('--no-acts', 'do not tag dialogue acts (faster; no act or act-order findings)');

export function register(program: Command, context: CliContext): void {
  windowOptions(
    program
      .command('mine')
      .description(
        'Mine scored calls for what successful calls do differently (phrases, acts and their order, objection responses) and store the suggestions',
      ),
  )
    .option('--no-save', 'print only; store no suggestions')
    .option('--json', 'print the whole result as JSON')
    .action(async (o: MineOptions) =>
      run('mine', () =>
        withStore(context.settings(), async (s) => {
          const tenant = requireTenant(o.tenant);
          const report = await runMining(s, operator(tenant, [...ROLES]), tenant, mineRequest(o), {
            save: o.save,
            ...(o.acts ? { tagActs: actTagger() } : {}),
          });
          if (o.json) {
            process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
            return;
          }
          const r = report.result;
          process.stdout.write(
            `${r.calls} calls (${r.successes} ${r.outcome}), strata: ${r.strata.join(', ') || 'none'}; ${r.tested} patterns tested at FDR ${r.fdr}, min ${r.minCalls} calls\n`,
          );
          process.stdout.write(`${r.findings.length} findings\n`);
          for (const f of r.findings) process.stdout.write(`${findingLine(f)}\n`);
          const d = report.diff;
          process.stdout.write(
            `playbook diff for ${d.playbookId}: ${d.addCriteria.length} new criteria, ${d.retireCriteria.length} retirements, ${d.proposedMomentPrompts.length} live prompts\n`,
          );
          for (const x of [...d.addCriteria, ...d.retireCriteria, ...d.proposedMomentPrompts])
            process.stdout.write(`  ${x.id}  ${x.title}  — ${x.note}\n`);
          if (report.saved)
            process.stdout.write(
              `stored ${report.saved.created} new suggestions (${report.saved.unchanged} already known)\n`,
            );
        }),
      ),
    );

  const sg = program
    .command('suggestions')
    .description('Review mined suggestions: list, accept, reject, publish');
  sg.command('list')
    .option('--tenant <tenant>', 'tenant id')
    .option('--status <status>', 'pending, accepted, rejected or published')
    .action(async (o: { tenant?: string; status?: string }) =>
      run('suggestions list', () =>
        withStore(context.settings(), async (s) => {
          const tenant = requireTenant(o.tenant);
          if (o.status && !['pending', 'accepted', 'rejected', 'published'].includes(o.status))
            throw new CliUsageError(
              `--status must be pending, accepted, rejected or published, not "${o.status}"`,
            );
          const list = await s.mining.listSuggestions(operator(tenant, [...ROLES]), tenant, {
            ...(o.status ? { status: o.status as 'pending' } : {}),
          });
          for (const x of list) process.stdout.write(`${x.id}  ${x.status}  ${x.title}  — ${x.note}\n`);
        }),
      ),
    );
  for (const verb of ['accept', 'reject'] as const)
    sg.command(verb)
      .argument('<id>', 'suggestion id')
      .option('--tenant <tenant>', 'tenant id')
      .option('--reason <text>', 'why')
      .option('--no-publish', 'accept without publishing a playbook version yet')
      .action(async (id: string, o: { tenant?: string; reason?: string; publish: boolean }) =>
        run(`suggestions ${verb}`, () =>
          withStore(context.settings(), async (s) => {
            const tenant = requireTenant(o.tenant);
            const ctx = operator(tenant, [...ROLES]);
            if (verb === 'reject') {
              const r = await s.mining.decide(ctx, tenant, id, {
                status: 'rejected',
                ...(o.reason ? { reason: o.reason } : {}),
              });
              process.stdout.write(`${r.id} rejected\n`);
              return;
            }
            const r = await acceptSuggestion(s, ctx, tenant, id, { reason: o.reason, publish: o.publish });
            process.stdout.write(
              r.published
                ? `${id} accepted and published as ${r.published.playbookId} v${r.published.version}: ${r.published.note}\n`
                : `${id} accepted; waiting for ${r.waitingFor}\n`,
            );
          }),
        ),
      );
  sg.command('publish')
    .option('--tenant <tenant>', 'tenant id')
    .requiredOption('--playbook <id>', 'playbook id')
    .action(async (o: { tenant?: string; playbook: string }) =>
      run('suggestions publish', () =>
        withStore(context.settings(), async (s) => {
          const tenant = requireTenant(o.tenant);
          const r = await publishAccepted(s, operator(tenant, [...ROLES]), tenant, o.playbook);
          process.stdout.write(
            r ? `published ${r.playbookId} v${r.version}: ${r.note}\n` : 'nothing accepted to publish\n',
          );
        }),
      ),
    );

  const lib = program
    .command('library')
    .description('The new-hire library of exemplary calls, and agent milestones');
  windowOptions(lib.command('propose').description('Propose the best successful calls per call type'))
    .option('--limit <n>', 'calls per call type (default 5)')
    .action(async (o: MineOptions) =>
      run('library propose', () =>
        withStore(context.settings(), async (s) => {
          const tenant = requireTenant(o.tenant);
          const limit = count('--limit', o.limit, 1);
          const r = await proposeLibrary(
            s,
            operator(tenant, [...ROLES]),
            tenant,
            { ...mineRequest(o), ...(limit ? { limit } : {}) },
            {
              ...(o.acts ? { tagActs: actTagger() } : {}),
            },
          );
          process.stdout.write(`${r.proposed} new library candidates (${r.candidates} selected)\n`);
        }),
      ),
    );
  lib
    .command('list')
    .option('--tenant <tenant>', 'tenant id')
    .option('--call-type <type>', 'call type')
    .action(async (o: { tenant?: string; callType?: string }) =>
      run('library list', () =>
        withStore(context.settings(), async (s) => {
          const tenant = requireTenant(o.tenant);
          for (const e of await s.mining.listLibrary(operator(tenant, [...ROLES]), tenant, {
            ...(o.callType ? { callType: o.callType } : {}),
          }))
            process.stdout.write(
              `${e.id}  ${e.status}  ${e.callType ?? '-'}  score ${e.exemplar.score ?? '-'}  ${e.exemplar.moments.length} moments\n`,
            );
        }),
      ),
    );
  for (const verb of ['approve', 'reject'] as const)
    lib
      .command(verb)
      .argument('<id>', 'library entry id')
      .option('--tenant <tenant>', 'tenant id')
      .action(async (id: string, o: { tenant?: string }) =>
        run(`library ${verb}`, () =>
          withStore(context.settings(), async (s) => {
            const tenant = requireTenant(o.tenant);
            const e = await s.mining.reviewLibrary(
              operator(tenant, [...ROLES]),
              tenant,
              id,
              verb === 'approve' ? 'approved' : 'rejected',
            );
            process.stdout.write(`${e.id} ${e.status}\n`);
          }),
        ),
      );
  lib
    .command('milestones')
    .option('--tenant <tenant>', 'tenant id')
    .requiredOption('--agent <id>', 'agent id (platform user id)')
    .option('--window <n>', 'recent calls considered (default 20)')
    .action(async (o: { tenant?: string; agent: string; window?: string }) =>
      run('library milestones', () =>
        withStore(context.settings(), async (s) => {
          const tenant = requireTenant(o.tenant);
          const m = await agentMilestones(
            s,
            operator(tenant, [...ROLES]),
            tenant,
            o.agent,
            count('--window', o.window, 5),
          );
          process.stdout.write(`${m.agentId}: ${m.calls} recent calls\n`);
          for (const c of m.consistent)
            process.stdout.write(`  met consistently: ${c.title} (${c.met}/${c.applicable})\n`);
          process.stdout.write(
            m.next
              ? `  next skill: ${m.next.title} (${m.next.met}/${m.next.applicable})\n`
              : '  every criterion met consistently\n',
          );
        }),
      ),
    );

  program
    .command('review-month')
    .description('Build and store the monthly review of a tenant')
    .option('--tenant <tenant>', 'tenant id')
    .requiredOption('--month <YYYY-MM>', 'the month reviewed')
    .option('--no-acts', 'do not tag dialogue acts')
    .action(async (o: { tenant?: string; month: string; acts: boolean }) =>
      run('review-month', () =>
        withStore(context.settings(), async (s) => {
          const tenant = requireTenant(o.tenant);
          if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(o.month))
            throw new CliUsageError(`--month must be YYYY-MM, not "${o.month}"`);
          const r = await buildMonthlyReview(s, operator(tenant, [...ROLES]), tenant, o.month, {
            ...(o.acts ? { tagActs: actTagger() } : {}),
          });
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        }),
      ),
    );
}
