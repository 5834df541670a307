import { keyProviderFrom, openStore } from '@teachback/adapter-store';
import { openRunner } from '../runtime';
import { scriptedTranscript } from './scripted-transcripts';

/*
 * One Five9 sync process on the embedded runner, as the crash test starts it: the tenant's `five9`
 * connection is already stored; this enqueues the incremental sync and works until everything is
 * scored and pushed. Configuration from the environment (TB_*); `ready` / `drained` on stdout.
 */
export interface Five9ProcessEnv {
  /** The test's synthetic master key, handed down in the child's env. */
  TEACHBACK_MASTER_KEY?: string;
  TB_DB_URL: string;
  TB_TENANT: string;
  /** The fixed clock the simulator also runs on (ms). */
  TB_NOW: string;
}

export async function runFive9Process(env: Five9ProcessEnv): Promise<void> {
  const store = await openStore({
    url: env.TB_DB_URL,
    keys: keyProviderFrom({ masterKey: env.TEACHBACK_MASTER_KEY }),
  });
  const now = Number(env.TB_NOW);
  const runner = await openRunner(store, {
    kind: 'embedded',
    concurrency: 4,
    sliceMs: 100,
    five9: { transcripts: scriptedTranscript, now: () => now },
  });
  await runner.enqueue({ tenantId: env.TB_TENANT, platform: 'five9', externalId: 'recent', step: 'sync' });
  await runner.start();
  process.stdout.write('ready\n');
  await runner.drain({ tenantId: env.TB_TENANT, pollMs: 20 });
  await runner.stop();
  await store.close();
  process.stdout.write('drained\n');
}

if (require.main === module) {
  runFive9Process(process.env as unknown as Five9ProcessEnv).then(
    () => process.exit(0),
    (err: unknown) => {
      const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : 'UNKNOWN';
      process.stderr.write(`five9 process failed: ${code}\n`);
      process.exit(1);
    },
  );
}
