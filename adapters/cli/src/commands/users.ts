import type { Command } from 'commander';
import { Role } from '@teachback/core';
import type { CliContext } from './context';
import { CliUsageError, operator, requireTenant, run, withStore } from './store-cli';

const collect = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];

interface AddOptions {
  tenant?: string;
  name?: string;
  email?: string;
  role?: string[];
  team?: string[];
  agentId?: string[];
}

export function register(program: Command, context: CliContext): void {
  const users = program.command('users').description('Manage the people who use Teachback');
  users
    .command('add')
    .description('Add a user')
    .argument('<userId>', 'user id (e.g. the SSO subject)')
    .option('--tenant <tenant>', 'tenant id')
    .option('--name <name>', 'display name (default: the id)')
    .option('--email <email>', 'work email')
    .option('--role <role>', `role, repeatable or comma-separated: ${Role.options.join(', ')}`, collect)
    .option('--team <team>', 'team id, repeatable', collect)
    .option('--agent-id <id>', 'platform user id this person handles calls as, repeatable', collect)
    .action(async (userId: string, opts: AddOptions) =>
      run('users add', async () => {
        const tenant = requireTenant(opts.tenant);
        const roles = opts.role ?? [];
        if (roles.length === 0) throw new CliUsageError(`--role is required (${Role.options.join(', ')})`);
        const bad = roles.find((r) => !Role.options.includes(r as Role));
        if (bad) throw new CliUsageError(`--role "${bad}" is not one of ${Role.options.join(', ')}`);
        const u = await withStore(context.settings(), async (s) => {
          const ctx = operator(tenant, ['admin']);
          for (const team of opts.team ?? []) await s.tenants.saveTeam(ctx, tenant, { id: team, name: team });
          return s.tenants.createUser(ctx, tenant, {
            id: userId,
            displayName: opts.name ?? userId,
            ...(opts.email ? { email: opts.email } : {}),
            roles: roles as Role[],
            teamIds: opts.team ?? [],
            agentIds: opts.agentId ?? [],
          });
        });
        process.stdout.write(`added user ${u.id} to ${tenant} (${u.roles.join(', ')})\n`);
      }),
    );
  users
    .command('deactivate')
    .description('Deactivate a user: every session and token issued before now is refused at once')
    .argument('<userId>', 'user id')
    .option('--tenant <tenant>', 'tenant id')
    .action(async (userId: string, opts: { tenant?: string }) =>
      run('users deactivate', async () => {
        const tenant = requireTenant(opts.tenant);
        const u = await withStore(context.settings(), (s) =>
          s.tenants.disableUser(operator(tenant, ['admin']), tenant, userId),
        );
        process.stdout.write(`deactivated ${u.id}; sessions issued before ${u.validAfter} are refused\n`);
      }),
    );
}
