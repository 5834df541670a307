import * as path from 'node:path';
import type { Command } from 'commander';
import {
  TeachbackError,
  analyzeTranscript,
  detectEscalations,
  judgeScoreResult,
  scoreAnalyzed,
  type CompiledPlaybook,
  type PlaybookCatalog,
  type Judge,
  type ImportedTranscript,
  type TranscriptFormat,
} from '@teachback/core';
import { loadCompiledPlaybook, type Settings } from '@teachback/config';
import { createJudge } from '@teachback/adapter-judge';
import type { CliContext } from './context';
import { run, withStore } from './store-cli';
import { toScoreLine, toTextReport } from '../score-output';
import { UsageError, collectInputFiles, readInput } from '../inputs';
import { isAudioPath, readAudioInput } from '../audio-input';

const FORMATS: readonly TranscriptFormat[] = ['text', 'canonical', 'genesys', 'harper-valley'];

/** Used when neither `--playbook` nor the transcript names one. */
const DEFAULT_PLAYBOOK = 'healthcare-inbound';

interface ScoreOptions {
  playbook?: string;
  tenant?: string;
  callDate?: string;
  format: string;
  human?: boolean;
  inputFormat?: string;
}

function validDate(s: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(s) &&
    !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
    new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)
  );
}

function durationOf(imported: ImportedTranscript): number | null {
  if (imported.durationMs !== undefined) return imported.durationMs;
  let end: number | null = null;
  for (const u of imported.transcript.utterances) {
    const t = u.endMs ?? u.startMs;
    if (t !== null && (end === null || t > end)) end = t;
  }
  return end;
}

export function register(program: Command, context: CliContext): void {
  program
    .command('score')
    .description('Score transcripts (a file, a folder, or - for stdin) against a playbook')
    .argument('<input>', 'transcript file, folder of transcripts, or - for standard input')
    .option(
      '--playbook <id|path>',
      `built-in playbook id or a YAML/JSON playbook file (default: the one the transcript names, else ${DEFAULT_PLAYBOOK})`,
    )
    .option(
      '--call-date <YYYY-MM-DD>',
      "date of the call; selects effective-dated rules (default: the transcript's date, else today)",
    )
    .option(
      '--format <json|text>',
      'json: one JSON object per interaction per line; text: a readable report',
      'text',
    )
    .option(
      '--tenant <tenant>',
      "score with the tenant's playbook catalog (the store at TEACHBACK_DATABASE_URL): --playbook and the transcript name catalog ids, and the version in force on the call date scores it",
    )
    .option('--human', 'HarperValleyBank files: score the human transcript instead of the ASR text')
    .option('--input-format <format>', `force the input format (${FORMATS.join(', ')}); detected by default`)
    .action(async (input: string, opts: ScoreOptions) =>
      run('score', () => runScore(context.settings(), input, opts)),
    );
}

/**
 * Playbooks (and the judge a playbook's plain-language criteria need) loaded once each: the flag's
 * up front, so a bad `--playbook` is a usage error; one a transcript names, at its first use, so a
 * bad name fails that file only.
 */
class PlaybookShelf {
  private readonly judges = new Map<CompiledPlaybook, Judge | undefined>();
  /** With a tenant's catalog, ids name catalog playbooks and the call date picks the version. */
  constructor(
    private readonly judgeSettings: Settings['judge'],
    private readonly catalog?: { tenantId: string; playbooks: PlaybookCatalog },
  ) {}

  async get(
    id: string | undefined,
    callDate: string,
  ): Promise<{ playbook: CompiledPlaybook; judge: Judge | undefined }> {
    const playbook = this.catalog
      ? (await this.catalog.playbooks.resolve(this.catalog.tenantId, { playbookId: id, date: callDate }))
          .compiled
      : loadCompiledPlaybook(id ?? DEFAULT_PLAYBOOK);
    // One judge per playbook that needs one; only plain-language (`judge: llm`) criteria ask it.
    if (!playbook.playbook.criteria.some((c) => c.judge)) return { playbook, judge: undefined };
    if (!this.judges.has(playbook)) this.judges.set(playbook, createJudge(this.judgeSettings));
    return { playbook, judge: this.judges.get(playbook) };
  }
}

/**
 * `settings`: the judge (for `judge: llm` criteria), the speech engine (for recordings) and, with
 * `--tenant`, the store whose playbook catalog scores the calls.
 */
export async function runScore(
  settings: Pick<Settings, 'judge' | 'transcription' | 'store' | 'keys'>,
  input: string,
  opts: ScoreOptions,
): Promise<number> {
  if (opts.tenant === undefined) return scoreFiles(settings, input, opts, new PlaybookShelf(settings.judge));
  const tenantId = opts.tenant;
  try {
    return await withStore(settings, (store) =>
      scoreFiles(
        settings,
        input,
        opts,
        new PlaybookShelf(settings.judge, { tenantId, playbooks: store.playbooks }),
      ),
    );
  } catch (err) {
    process.stderr.write(`teachback score: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}

async function scoreFiles(
  settings: Pick<Settings, 'transcription'>,
  input: string,
  opts: ScoreOptions,
  shelf: PlaybookShelf,
): Promise<number> {
  const today = new Date().toISOString().slice(0, 10);
  let files: string[];
  try {
    if (opts.format !== 'json' && opts.format !== 'text')
      throw new UsageError(`--format must be json or text, not "${opts.format}"`);
    if (opts.callDate !== undefined && !validDate(opts.callDate))
      throw new UsageError(`--call-date must be a date as YYYY-MM-DD, not "${opts.callDate}"`);
    if (opts.inputFormat !== undefined && !FORMATS.includes(opts.inputFormat as TranscriptFormat)) {
      throw new UsageError(`--input-format must be one of ${FORMATS.join(', ')}, not "${opts.inputFormat}"`);
    }
    if (opts.playbook !== undefined) await shelf.get(opts.playbook, opts.callDate ?? today);
    files = collectInputFiles(input);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`teachback score: ${message}\n`);
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    const label = file === '-' ? '-' : path.relative(process.cwd(), file) || file;
    try {
      // Recordings are transcribed first (adapter-transcription); everything else is a transcript file.
      const imported =
        file !== '-' && isAudioPath(file)
          ? await readAudioInput(file, settings.transcription)
          : await readInput(file, {
              format: opts.inputFormat as TranscriptFormat | undefined,
              human: Boolean(opts.human),
            });
      // A flag overrides what the transcript says about itself; the transcript beats the defaults.
      const callDate = opts.callDate ?? imported.callDate ?? imported.startedAt?.slice(0, 10) ?? null;
      const { playbook, judge } = await shelf.get(opts.playbook ?? imported.playbook, callDate ?? today);
      const id =
        imported.interactionId ?? (file === '-' ? 'stdin' : path.basename(file).replace(/\.[^.]+$/, ''));
      const analyzed = analyzeTranscript(imported.transcript);
      const offline = scoreAnalyzed(
        analyzed,
        playbook,
        { interactionId: id, callDate: callDate ?? undefined, today },
        imported.transcript,
        detectEscalations(imported.transcript.utterances, { model: playbook.escalationModel }),
      );
      const result = judge
        ? await judgeScoreResult(offline, imported.transcript.utterances, playbook, { judge })
        : offline;
      const line = toScoreLine(label, { id, callDate, durationMs: durationOf(imported) }, result);
      process.stdout.write(
        opts.format === 'json' ? `${JSON.stringify(line)}\n` : `${toTextReport(line)}\n\n`,
      );
    } catch (err) {
      failed++;
      const error =
        err instanceof TeachbackError
          ? { code: err.code, message: err.message }
          : { code: 'SCORE.FAILED', message: err instanceof Error ? err.message : String(err) };
      if (opts.format === 'json') process.stdout.write(`${JSON.stringify({ file: label, error })}\n`);
      else process.stdout.write(`${label}\n  ERROR ${error.code}: ${error.message}\n\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}
