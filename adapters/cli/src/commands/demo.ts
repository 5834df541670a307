import * as path from 'node:path';
import type { Command } from 'commander';
import type { Settings } from '@teachback/config';
import type { CliContext } from './context';
import { runScore } from './score';
import { run } from './store-cli';

/** The example calls `teachback demo` scores, each with its playbook and call date. */
export const EXAMPLE_CALLS: ReadonlyArray<{ file: string; playbook: string; callDate: string }> = [
  { file: 'lab-results-good.txt', playbook: 'healthcare-inbound', callDate: '2026-11-20' },
  { file: 'lab-results-missed.txt', playbook: 'healthcare-inbound', callDate: '2026-11-20' },
  { file: 'medicare-2026.txt', playbook: 'medicare-sales', callDate: '2026-11-02' },
];

async function runServedDemo(settings: Settings, opts: { port?: string; dataDir?: string }): Promise<void> {
  const port = opts.port !== undefined ? Number(opts.port) : settings.server.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write('teachback demo: --port must be a whole number from 0 to 65535\n');
    process.exitCode = 2;
    return;
  }
  // Loaded only in this mode: it brings the simulators and the Genesys SDK with it.
  const { startServedDemo, demoBanner } = await import('../demo/served-demo.js');
  const started = Date.now();
  process.stderr.write('teachback demo: starting the store, the Genesys simulator and the server...\n');
  const demo = await startServedDemo({
    port,
    host: settings.server.host ?? '127.0.0.1',
    logLevel: settings.logging.level ?? 'warn',
    metrics: settings.metrics,
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
  }).catch(async (err: unknown) => {
    // A busy default port should not stop a first run: take any free one instead.
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE' && opts.port === undefined) {
      process.stderr.write(`teachback demo: port ${port} is busy, using a free one\n`);
      return startServedDemo({
        port: 0,
        logLevel: settings.logging.level ?? 'warn',
        metrics: settings.metrics,
        ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      });
    }
    throw err;
  });
  process.stdout.write(demoBanner(demo));
  process.stderr.write(`teachback demo: ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await demo.close();
}

/** The bundled example calls live in the repository's examples/ folder. */
export const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'examples');

export function register(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description('Score the bundled example calls with the built-in playbooks and print the report')
    .option('--format <json|text>', 'output format', 'text')
    .option(
      '--serve',
      'instead: run the server with the Genesys simulator in process, sync and score its calls, print the widget URL and demo logins',
    )
    .option('--port <n>', 'with --serve: port to listen on (default PORT or 8080; 0 picks a free one)')
    .option('--data-dir <dir>', 'with --serve: keep the demo database in this folder instead of a temp one')
    .action(async (opts: { format: string; serve?: boolean; port?: string; dataDir?: string }) =>
      run('demo', async () => {
        const settings = context.settings();
        if (opts.serve) {
          await runServedDemo(settings, opts);
          return Number(process.exitCode ?? 0);
        }
        return scoreExamples(settings, opts.format);
      }),
    );
}

/** The bundled examples, each scored with the playbook and date it is about. */
async function scoreExamples(settings: Settings, format: string): Promise<number> {
  let code = 0;
  for (const entry of EXAMPLE_CALLS) {
    const rc = await runScore(settings, path.join(EXAMPLES_DIR, entry.file), {
      playbook: entry.playbook,
      format,
      callDate: entry.callDate,
    });
    code = Math.max(code, rc);
  }
  return code;
}
