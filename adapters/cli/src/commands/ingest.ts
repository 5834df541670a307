import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import {
  TeachbackError,
  importTranscript,
  scoreTranscript,
  type CompiledPlaybook,
  type ImportedTranscript,
  type InteractionRecord,
  type TranscriptFormat,
} from '@teachback/core';
import type { Settings } from '@teachback/config';
import type { CliContext } from './context';
import { CliUsageError, operator, report, requireTenant, run, withStore } from './store-cli';

const FORMATS: readonly TranscriptFormat[] = ['text', 'canonical', 'genesys', 'harper-valley'];
const EXTENSIONS = new Set(['.txt', '.json', '.jsonl']);

interface IngestOptions {
  tenant?: string;
  playbook?: string;
  human?: boolean;
  inputFormat?: string;
}

/** A file, or every transcript file under a folder (recursively, sorted). */
function collect(input: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch {
    throw new CliUsageError(`input "${input}" does not exist`);
  }
  if (stat.isFile()) return [path.resolve(input)];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && EXTENSIONS.has(path.extname(e.name).toLowerCase())) out.push(full);
    }
  };
  walk(path.resolve(input));
  if (out.length === 0)
    throw new CliUsageError(`folder "${input}" holds no transcript files (${[...EXTENSIONS].join(', ')})`);
  return out;
}

/**
 * The source id is what the file says the interaction is, else the file name, so ingesting the
 * same file again (even after editing it) updates one interaction instead of adding another.
 */
export function sourceIdFor(file: string, imported: ImportedTranscript): string {
  return imported.interactionId ?? path.basename(file).replace(/\.[^.]+$/, '');
}

export function interactionIdFor(externalId: string): string {
  return `ix-${createHash('sha256').update(`teachback:${externalId}`).digest('hex').slice(0, 24)}`;
}

function startOf(imported: ImportedTranscript): string | undefined {
  if (imported.startedAt && !Number.isNaN(Date.parse(imported.startedAt)))
    return new Date(imported.startedAt).toISOString();
  if (imported.callDate) return `${imported.callDate}T00:00:00.000Z`;
  return undefined;
}

/** The playbook a call is scored with, once its transcript says what it can about itself. */
export type PlaybookForTranscript = (
  imported: ImportedTranscript,
  callDate: string | undefined,
) => Promise<CompiledPlaybook>;

/** Import + score one file into the record the store writes in one transaction. */
export async function buildRecord(
  file: string,
  content: string,
  playbookFor: PlaybookForTranscript,
  opts: { format?: TranscriptFormat; human: boolean },
): Promise<InteractionRecord> {
  const imported = importTranscript(content, {
    fileName: path.basename(file),
    human: opts.human,
    ...(opts.format ? { format: opts.format } : {}),
  });
  const externalId = sourceIdFor(file, imported);
  const id = interactionIdFor(externalId);
  const startedAt = startOf(imported);
  const callDate = imported.callDate ?? startedAt?.slice(0, 10);
  const { scorecard, escalations, coaching } = scoreTranscript(
    imported.transcript,
    await playbookFor(imported, callDate),
    {
      interactionId: id,
      callDate,
      today: new Date().toISOString().slice(0, 10),
      scoredAt: new Date().toISOString(),
    },
  );
  return {
    interaction: {
      id,
      source: { platform: 'teachback', externalId },
      channel: imported.channel ?? 'voice',
      direction: 'unknown',
      ...(startedAt ? { startedAt } : {}),
      ...(imported.durationMs !== undefined ? { durationMs: imported.durationMs } : {}),
      transcript: imported.transcript,
      attributes: { importFormat: imported.format },
    },
    scorecard,
    escalations,
    coaching,
  };
}

export function register(program: Command, context: CliContext): void {
  program
    .command('ingest')
    .description(
      'Import transcripts, score them and store interaction, transcript and scorecard (encrypted); one transaction per file',
    )
    .argument('<input>', 'transcript file or folder of transcripts')
    .option('--tenant <tenant>', 'tenant id')
    .option(
      '--playbook <id>',
      "playbook id in the tenant's catalog (default: the one the transcript names, else the tenant's default); the version in force on the call's date scores it",
    )
    .option('--human', 'HarperValleyBank files: use the human transcript instead of the ASR text')
    .option('--input-format <format>', `force the input format (${FORMATS.join(', ')}); detected by default`)
    .action(async (input: string, opts: IngestOptions) =>
      run('ingest', () => runIngest(context.settings(), input, opts)),
    );
}

export async function runIngest(settings: Settings, input: string, opts: IngestOptions): Promise<number> {
  const tenant = requireTenant(opts.tenant);
  if (opts.inputFormat !== undefined && !FORMATS.includes(opts.inputFormat as TranscriptFormat)) {
    throw new CliUsageError(`--input-format must be one of ${FORMATS.join(', ')}, not "${opts.inputFormat}"`);
  }
  const files = collect(input);
  return withStore(settings, async (store) => {
    const ctx = operator(tenant, ['integration']);
    const today = new Date().toISOString().slice(0, 10);
    const playbookFor: PlaybookForTranscript = async (imported, callDate) =>
      (
        await store.playbooks.resolve(tenant, {
          playbookId: opts.playbook ?? imported.playbook,
          date: callDate ?? today,
        })
      ).compiled;
    let failed = 0;
    const counts = { created: 0, updated: 0, unchanged: 0 };
    for (const file of files) {
      const label = path.relative(process.cwd(), file) || file;
      try {
        const record = await buildRecord(file, fs.readFileSync(file, 'utf8'), playbookFor, {
          human: Boolean(opts.human),
          ...(opts.inputFormat ? { format: opts.inputFormat as TranscriptFormat } : {}),
        });
        const r = await store.interactions.save(ctx, tenant, record);
        counts[r.outcome]++;
        const s = record.scorecard!;
        process.stdout.write(
          `${r.outcome.padEnd(9)} ${r.id}  score ${s.score} ${s.compliant ? 'compliant' : 'NOT compliant'}  ${label}\n`,
        );
      } catch (err) {
        // One bad file never stops the rest; its transaction rolled back, so nothing of it is stored.
        if (
          err instanceof TeachbackError &&
          (err.code === 'STORE.NOT_FOUND' || err.code.startsWith('CRYPTO.'))
        )
          throw err;
        failed++;
        report(`ingest ${label}`, err);
      }
    }
    process.stdout.write(
      `${files.length} files: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${failed} failed\n`,
    );
    return failed > 0 ? 1 : 0;
  });
}
