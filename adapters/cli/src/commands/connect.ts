import * as fs from 'node:fs';
import type { Command } from 'commander';
import type { ConnectReport } from '@teachback/core';
import { CONNECT_PLATFORMS, connectPlatform, type ConnectPlatform } from '@teachback/adapter-jobs';
import type { ConnectSettings, Settings } from '@teachback/config';
import type { CliContext } from './context';
import { CliUsageError, requireTenant, run, withStore } from './store-cli';

/**
 * One connection field: where it goes and its flag (none for secrets: a command line is visible
 * to every user of the host and kept in shell history). Its environment variable is the
 * `connect.<platform>.<key>` setting (@teachback/config).
 */
interface Field {
  to: 'settings' | 'credentials';
  key: string;
  /** Commander's camelCase name of the flag, when there is one. */
  flag?: { name: string; spec: string; help: string };
}

const flag = (spec: string, help: string) => ({
  spec,
  help,
  name: spec
    .split(' ')[0]!
    .replace(/^--/, '')
    .replace(/-(.)/g, (_m, c: string) => c.toUpperCase()),
});

const PLAYBOOK = flag('--playbook <id>', 'playbook the synced interactions are scored with');
const GATEWAY = flag('--gateway <url>', 'a local simulator or proxy instead of the platform (tests, demo)');

/** The documented names (README "Connect a platform"); flags win over env, env over the file. */
export const CONNECT_FIELDS: Record<ConnectPlatform, Field[]> = {
  genesys: [
    {
      to: 'settings',
      key: 'orgId',
      flag: flag('--org-id <id>', 'genesys: organization id'),
    },
    {
      to: 'settings',
      key: 'region',
      flag: flag('--region <region>', 'genesys: region, e.g. us_east_1 or mypurecloud.com'),
    },
    { to: 'settings', key: 'gateway', flag: GATEWAY },
    {
      to: 'settings',
      key: 'evaluatorUserId',
      flag: flag('--evaluator-user-id <id>', 'genesys: user the evaluations are written as'),
    },
    {
      to: 'settings',
      key: 'defaultSupervisor',
      flag: flag(
        '--default-supervisor <id>',
        'genesys: facilitator of coaching when an agent has no supervisor',
      ),
    },
    { to: 'settings', key: 'playbook', flag: PLAYBOOK },
    {
      to: 'credentials',
      key: 'clientId',
      flag: flag('--client-id <id>', 'genesys/salesforce: OAuth client id'),
    },
    { to: 'credentials', key: 'clientSecret' },
  ],
  five9: [
    {
      to: 'settings',
      key: 'dataCentre',
      flag: flag('--data-centre <dc>', 'five9: US, UK, CA or EU'),
    },
    { to: 'settings', key: 'gateway', flag: GATEWAY },
    {
      to: 'settings',
      key: 'initialStart',
      flag: flag('--initial-start <iso>', 'five9: where the first sync starts (ISO instant)'),
    },
    { to: 'settings', key: 'playbook', flag: PLAYBOOK },
    {
      to: 'credentials',
      key: 'username',
      flag: flag('--username <name>', 'five9/salesforce: API user'),
    },
    { to: 'credentials', key: 'password' },
  ],
  salesforce: [
    { to: 'settings', key: 'playbook', flag: PLAYBOOK },
    {
      to: 'credentials',
      key: 'flow',
      flag: flag('--flow <flow>', 'salesforce: jwt, refresh-token or access-token'),
    },
    {
      to: 'credentials',
      key: 'loginUrl',
      flag: flag('--login-url <url>', 'salesforce: login URL (default production)'),
    },
    {
      to: 'credentials',
      key: 'instanceUrl',
      flag: flag('--instance-url <url>', 'salesforce: the org’s My Domain URL'),
    },
    {
      to: 'credentials',
      key: 'clientId',
      flag: flag('--client-id <id>', 'genesys/salesforce: OAuth client id'),
    },
    {
      to: 'credentials',
      key: 'username',
      flag: flag('--username <name>', 'five9/salesforce: API user'),
    },
    { to: 'credentials', key: 'clientSecret' },
    { to: 'credentials', key: 'refreshToken' },
    { to: 'credentials', key: 'accessToken' },
    { to: 'credentials', key: 'privateKeyPem' },
  ],
};

type ConnectOptions = Record<string, string | undefined> & { tenant?: string; connectionFile?: string };

export function register(program: Command, context: CliContext): void {
  const cmd = program
    .command('connect')
    .argument('<platform>', CONNECT_PLATFORMS.join(', '))
    .description(
      "Connect a tenant to a platform: validate and store the connection (credentials encrypted), run the platform's provisioning and checks, and report what was set up, what is missing and what is skipped. Secrets come from the environment or --connection-file only",
    )
    .option('--tenant <tenant>', 'tenant id')
    .option('--connection-file <file>', 'JSON {settings, credentials}; flags and env override its fields');
  const seen = new Set<string>();
  for (const f of Object.values(CONNECT_FIELDS).flat()) {
    if (!f.flag || seen.has(f.flag.name)) continue;
    seen.add(f.flag.name);
    cmd.option(f.flag.spec, f.flag.help);
  }
  cmd.action(async (platform: string, opts: ConnectOptions) =>
    run('connect', () => runConnect(context.settings(), platform, opts)),
  );
}

export async function runConnect(
  settings: Settings,
  platformArg: string,
  opts: ConnectOptions,
): Promise<number> {
  const tenant = requireTenant(opts.tenant);
  const platform = CONNECT_PLATFORMS.find((p) => p === platformArg);
  if (!platform)
    throw new CliUsageError(`platform must be ${CONNECT_PLATFORMS.join(', ')}, not "${platformArg}"`);
  const connection = connectionInput(platform, opts, settings.connect);
  const report = await withStore(settings, (store) => connectPlatform(store, tenant, platform, connection));
  process.stdout.write(formatReport(tenant, report));
  return report.ok ? 0 : 1;
}

/** The file, then the environment (`connect` settings), then the flags, each overriding the one before. */
export function connectionInput(
  platform: ConnectPlatform,
  opts: ConnectOptions,
  fromEnvironment: ConnectSettings,
): { settings: Record<string, unknown>; credentials: Record<string, unknown> } {
  const fields = CONNECT_FIELDS[platform];
  const given: Record<string, string | undefined> = fromEnvironment[platform];
  rejectForeignFlags(platform, opts);
  const base = opts.connectionFile ? readConnectionFile(opts.connectionFile) : {};
  const out = { settings: { ...base.settings }, credentials: { ...base.credentials } };
  for (const f of fields) {
    const fromEnv = given[f.key];
    if (fromEnv !== undefined) out[f.to][f.key] = fromEnv;
    const fromFlag = f.flag ? opts[f.flag.name] : undefined;
    if (fromFlag !== undefined) out[f.to][f.key] = fromFlag;
  }
  return out;
}

/** A flag of another platform (`five9 --org-id`) is a mistake worth naming, not something to ignore. */
function rejectForeignFlags(platform: ConnectPlatform, opts: ConnectOptions): void {
  const ours = new Set(CONNECT_FIELDS[platform].map((f) => f.flag?.name));
  for (const f of Object.values(CONNECT_FIELDS).flat()) {
    if (f.flag && opts[f.flag.name] !== undefined && !ours.has(f.flag.name))
      throw new CliUsageError(`${f.flag.spec.split(' ')[0]} does not apply to ${platform}`);
  }
}

function readConnectionFile(file: string): {
  settings?: Record<string, unknown>;
  credentials?: Record<string, unknown>;
} {
  let body: unknown;
  try {
    body = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new CliUsageError('--connection-file: not a readable JSON file');
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(body))
    throw new CliUsageError('--connection-file: must hold an object {settings, credentials}');
  for (const part of ['settings', 'credentials'] as const) {
    if (body[part] !== undefined && !isObject(body[part]))
      throw new CliUsageError(`--connection-file: ${part} must be an object`);
  }
  return body as { settings?: Record<string, unknown>; credentials?: Record<string, unknown> };
}

/** The report for a terminal: names of permissions, objects and fields only, never a credential. */
export function formatReport(tenant: string, r: ConnectReport): string {
  const lines = [
    `${r.platform}: tenant ${tenant} ${r.ok ? 'connected' : 'connected with gaps: grant what is missing and run connect again'}`,
  ];
  for (const p of r.provisioned) lines.push(`  provisioned  ${p}`);
  for (const m of r.missing) lines.push(`  missing      ${m.what}: ${m.why}`);
  for (const s of r.skipped) lines.push(`  skipped      ${s.what}: ${s.why}`);
  return `${lines.join('\n')}\n`;
}
