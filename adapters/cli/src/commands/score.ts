import * as path from 'node:path';
import type { Command } from 'commander';
import {
  TeachbackError,
  analyzeTranscript,
  detectEscalations,
  judgeScoreResult,
  scoreAnalyzed,
  type CompiledPlaybook,
  type Judge,
  type ImportedTranscript,
  type TranscriptFormat,
} from '@teachback/core';
import { loadCompiledPlaybook } from '@teachback/config';
import { createJudge, loadJudgeConfig } from '@teachback/adapter-judge';
import { toScoreLine, toTextReport } from '../score-output';
import { UsageError, collectInputFiles, readInput } from '../inputs';
import { isAudioPath, readAudioInput } from '../audio-input';

const FORMATS: readonly TranscriptFormat[] = ['text', 'canonical', 'genesys', 'harper-valley'];

/** Used when neither `--playbook` nor the transcript names one. */
const DEFAULT_PLAYBOOK = 'healthcare-inbound';

interface ScoreOptions {
  playbook?: string;
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

export function register(program: Command): void {
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
    .option('--human', 'HarperValleyBank files: score the human transcript instead of the ASR text')
    .option('--input-format <format>', `force the input format (${FORMATS.join(', ')}); detected by default`)
    .action(async (input: string, opts: ScoreOptions) => {
      process.exitCode = await runScore(input, opts);
    });
}

/**
 * Playbooks (and the judge a playbook's plain-language criteria need) loaded once each: the flag's
 * up front, so a bad `--playbook` is a usage error; one a transcript names, at its first use, so a
 * bad name fails that file only.
 */
class PlaybookShelf {
  private readonly loaded = new Map<string, { playbook: CompiledPlaybook; judge: Judge | undefined }>();
  get(id: string): { playbook: CompiledPlaybook; judge: Judge | undefined } {
    let entry = this.loaded.get(id);
    if (!entry) {
      const playbook = loadCompiledPlaybook(id);
      // Only playbooks with plain-language (`judge: llm`) criteria ask the optional judge service.
      const judge = playbook.playbook.criteria.some((c) => c.judge)
        ? createJudge(loadJudgeConfig())
        : undefined;
      entry = { playbook, judge };
      this.loaded.set(id, entry);
    }
    return entry;
  }
}

export async function runScore(input: string, opts: ScoreOptions): Promise<number> {
  const shelf = new PlaybookShelf();
  let files: string[];
  try {
    if (opts.format !== 'json' && opts.format !== 'text')
      throw new UsageError(`--format must be json or text, not "${opts.format}"`);
    if (opts.callDate !== undefined && !validDate(opts.callDate))
      throw new UsageError(`--call-date must be a date as YYYY-MM-DD, not "${opts.callDate}"`);
    if (opts.inputFormat !== undefined && !FORMATS.includes(opts.inputFormat as TranscriptFormat)) {
      throw new UsageError(`--input-format must be one of ${FORMATS.join(', ')}, not "${opts.inputFormat}"`);
    }
    if (opts.playbook !== undefined) shelf.get(opts.playbook);
    files = collectInputFiles(input);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`teachback score: ${message}\n`);
    return 2;
  }
  const today = new Date().toISOString().slice(0, 10);
  let failed = 0;
  for (const file of files) {
    const label = file === '-' ? '-' : path.relative(process.cwd(), file) || file;
    try {
      // Recordings are transcribed first (adapter-transcription); everything else is a transcript file.
      const imported =
        file !== '-' && isAudioPath(file)
          ? await readAudioInput(file)
          : await readInput(file, {
              format: opts.inputFormat as TranscriptFormat | undefined,
              human: Boolean(opts.human),
            });
      // A flag overrides what the transcript says about itself; the transcript beats the defaults.
      const { playbook, judge } = shelf.get(opts.playbook ?? imported.playbook ?? DEFAULT_PLAYBOOK);
      const callDate = opts.callDate ?? imported.callDate ?? imported.startedAt?.slice(0, 10) ?? null;
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
