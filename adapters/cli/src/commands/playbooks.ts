import * as fs from 'node:fs';
import type { Command } from 'commander';
import type { PlaybookVersionInfo, PlaybookVersionTerms } from '@teachback/core';
import { playbookFromInput, resolvePlaybook } from '@teachback/config';
import type { CliContext } from './context';
import { CliUsageError, operator, requireTenant, run, withStore } from './store-cli';

const repeat = (value: string, previous: string[] = []): string[] => [...previous, value];

const positive = (flag: string, s: string): number => {
  if (!/^[1-9]\d{0,8}$/.test(s))
    throw new CliUsageError(`${flag} must be a version number (1, 2, ...), not "${s}"`);
  return Number(s);
};

function line(v: PlaybookVersionInfo): string {
  const where = v.queues ? `queues ${v.queues.join(', ')}` : 'all queues';
  const from = v.effectiveFrom ? `from ${v.effectiveFrom}` : 'from the start';
  const back = v.rollbackOf !== null ? ` (rollback to v${v.rollbackOf})` : '';
  return `${v.id} v${v.version}  ${v.savedAt}  ${v.author}  ${from}, ${where}${back}  ${v.note}`;
}

/**
 * A playbook file (YAML or JSON) as `teachback playbooks show` prints it or as config/playbooks
 * holds it; shared intents and lexicons are merged in as for the built-ins.
 */
function readPlaybookFile(file: string): ReturnType<typeof playbookFromInput> {
  if (!/\.json$/i.test(file)) return resolvePlaybook(file);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new CliUsageError(`${file}: not a readable JSON file`);
  }
  // `show` prints the version with its facts; the rules are under `playbook`.
  const shown = raw as { playbook?: unknown; criteria?: unknown } | null;
  const body = shown && shown.criteria === undefined && shown.playbook ? shown.playbook : raw;
  return playbookFromInput({ version: 'new', ...(body as object) }, file);
}

interface SaveOptions {
  tenant?: string;
  note?: string;
  effectiveFrom?: string;
  queue?: string[];
  version?: string;
}

export function register(program: Command, context: CliContext): void {
  const pb = program
    .command('playbooks')
    .description(
      "The tenant's playbook catalog: every save is a new version; scoring uses the version in force",
    );
  pb.command('list')
    .description('The newest version of each playbook')
    .option('--tenant <tenant>', 'tenant id')
    .action(async (opts: { tenant?: string }) =>
      run('playbooks list', () =>
        withStore(context.settings(), async (s) => {
          for (const v of await s.playbooks.list(requireTenant(opts.tenant)))
            process.stdout.write(`${line(v)}\n`);
        }),
      ),
    );
  pb.command('history')
    .description('Every version of a playbook, newest first')
    .argument('<id>', 'playbook id')
    .option('--tenant <tenant>', 'tenant id')
    .action(async (id: string, opts: { tenant?: string }) =>
      run('playbooks history', () =>
        withStore(context.settings(), async (s) => {
          for (const v of await s.playbooks.history(requireTenant(opts.tenant), id))
            process.stdout.write(`${line(v)}\n`);
        }),
      ),
    );
  pb.command('show')
    .description('A version (default the newest) as JSON: edit it and `playbooks save` it back')
    .argument('<id>', 'playbook id')
    .option('--tenant <tenant>', 'tenant id')
    .option('--version <n>', 'version number')
    .action(async (id: string, opts: { tenant?: string; version?: string }) =>
      run('playbooks show', () =>
        withStore(context.settings(), async (s) => {
          const tenant = requireTenant(opts.tenant);
          const v =
            opts.version === undefined
              ? await s.playbooks.latest(tenant, id)
              : await s.playbooks.version(tenant, id, positive('--version', opts.version));
          process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
        }),
      ),
    );
  pb.command('save')
    .description('Save a playbook file as the next version (validated first; audited)')
    .argument('<file>', 'YAML or JSON playbook, or what `playbooks show` printed')
    .option('--tenant <tenant>', 'tenant id')
    .option('--note <text>', 'what changed (required)')
    .option(
      '--effective-from <date>',
      'first call date it scores, YYYY-MM-DD (default: today; a first version: always)',
    )
    .option('--queue <name>', 'only calls on this queue (repeat for several; default every queue)', repeat)
    .option('--version <n>', 'the number this version must get (fails if taken)')
    .action(async (file: string, opts: SaveOptions) =>
      run('playbooks save', async () => {
        const tenant = requireTenant(opts.tenant);
        if (!opts.note) throw new CliUsageError('--note is required: say what changed');
        const playbook = readPlaybookFile(file);
        const terms: PlaybookVersionTerms = {
          note: opts.note,
          ...(opts.effectiveFrom !== undefined ? { effectiveFrom: opts.effectiveFrom } : {}),
          ...(opts.queue ? { queues: opts.queue } : {}),
          ...(opts.version !== undefined ? { version: positive('--version', opts.version) } : {}),
        };
        const v = await withStore(context.settings(), (s) =>
          s.playbooks.save(operator(tenant, ['admin']), tenant, playbook, terms),
        );
        process.stdout.write(`saved ${line(v)}\n`);
      }),
    );
  pb.command('rollback')
    .description('A new version copying an older one (the versions in between stay readable)')
    .argument('<id>', 'playbook id')
    .option('--tenant <tenant>', 'tenant id')
    .requiredOption('--to <n>', 'the version to copy')
    .option('--note <text>', 'why (default "rollback to version N")')
    .option('--effective-from <date>', 'first call date it scores, YYYY-MM-DD (default: today)')
    .action(async (id: string, opts: SaveOptions & { to: string }) =>
      run('playbooks rollback', async () => {
        const tenant = requireTenant(opts.tenant);
        const to = positive('--to', opts.to);
        const v = await withStore(context.settings(), (s) =>
          s.playbooks.rollback(operator(tenant, ['admin']), tenant, id, to, {
            ...(opts.note !== undefined ? { note: opts.note } : {}),
            ...(opts.effectiveFrom !== undefined ? { effectiveFrom: opts.effectiveFrom } : {}),
          }),
        );
        process.stdout.write(`saved ${line(v)}\n`);
      }),
    );
  pb.command('in-force')
    .description('Which version scores a call of this date (and queue)')
    .argument('[id]', 'playbook id (default: the one the queue routes to, else the default playbook)')
    .option('--tenant <tenant>', 'tenant id')
    .requiredOption('--date <date>', 'call date, YYYY-MM-DD')
    .option('--queue <name>', 'queue of the call')
    .action(async (id: string | undefined, opts: { tenant?: string; date: string; queue?: string }) =>
      run('playbooks in-force', () =>
        withStore(context.settings(), async (s) => {
          if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.date))
            throw new CliUsageError(`--date must be a date YYYY-MM-DD, not "${opts.date}"`);
          const r = await s.playbooks.resolve(requireTenant(opts.tenant), {
            playbookId: id,
            date: opts.date,
            queue: opts.queue,
          });
          process.stdout.write(`${r.ref.id} v${r.ref.version}\n`);
        }),
      ),
    );
}
