import * as path from 'node:path';
import type { Command } from 'commander';
import type { TranscriptionSettings } from '@teachback/config';
import type { CliContext } from './context';
import { run } from './store-cli';
import {
  ChannelLayoutName,
  EngineName,
  RecordingSource,
  isAudioPath,
  toCanonicalTranscript,
  toPlainText,
  transcribeRecording,
} from '@teachback/adapter-transcription';

interface TranscribeCliOptions {
  engine?: string;
  format: string;
  channels?: string;
  source?: string;
  language?: string;
  id?: string;
  callDate?: string;
}

function usage(message: string): never {
  throw Object.assign(new Error(message), { usage: true });
}

export function register(program: Command, context: CliContext): void {
  program
    .command('transcribe')
    .description(
      'Transcribe a call recording (WAV: PCM 8/16 kHz, μ-law, A-law; stereo = one speaker per side)',
    )
    .argument('<audio>', 'WAV recording')
    .option('--engine <http|whisper|sphinx>', 'engine (default: TEACHBACK_TRANSCRIBE_ENGINE, else sphinx)')
    .option(
      '--format <json|text>',
      'json: canonical teachback.transcript.v1; text: [mm:ss] Speaker: lines',
      'json',
    )
    .option('--channels <customer-left|agent-left|mixed>', 'stereo layout (default from --source or config)')
    .option('--source <genesys|five9>', 'where the recording came from (Genesys: customer on the left)')
    .option('--language <code>', 'language hint, e.g. en')
    .option('--id <id>', 'interaction id to put in the JSON (default: the file name)')
    .option('--call-date <YYYY-MM-DD>', 'call date to put in the JSON')
    .action(async (audio: string, opts: TranscribeCliOptions) => {
      await run('transcribe', () => runTranscribe(context.settings().transcription, audio, opts));
    });
}

/** `settings`: the `transcription` settings; the flags override them. */
export async function runTranscribe(
  settings: TranscriptionSettings,
  audio: string,
  opts: TranscribeCliOptions,
): Promise<number> {
  let engine: EngineName | undefined;
  let channels: ChannelLayoutName | undefined;
  let source: RecordingSource | undefined;
  try {
    if (opts.format !== 'json' && opts.format !== 'text')
      usage(`--format must be json or text, not "${opts.format}"`);
    if (opts.engine !== undefined) {
      const parsed = EngineName.safeParse(opts.engine);
      if (!parsed.success)
        usage(`--engine must be one of ${EngineName.options.join(', ')}, not "${opts.engine}"`);
      engine = parsed.data;
    }
    if (opts.channels !== undefined) {
      const parsed = ChannelLayoutName.safeParse(opts.channels);
      if (!parsed.success) usage(`--channels must be one of ${ChannelLayoutName.options.join(', ')}`);
      channels = parsed.data;
    }
    if (opts.source !== undefined) {
      const parsed = RecordingSource.safeParse(opts.source);
      if (!parsed.success) usage(`--source must be one of ${RecordingSource.options.join(', ')}`);
      source = parsed.data;
    }
    if (opts.callDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.callDate)) {
      usage(`--call-date must be a date as YYYY-MM-DD, not "${opts.callDate}"`);
    }
    if (!isAudioPath(audio)) usage('<audio> must be a .wav recording');
  } catch (err) {
    process.stderr.write(`teachback transcribe: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  try {
    const result = await transcribeRecording(audio, {
      settings,
      ...(engine ? { engine } : {}),
      ...(channels ? { channels } : {}),
      ...(source ? { source } : {}),
      ...(opts.language ? { language: opts.language } : {}),
    });
    const t = result.transcript;
    if (opts.format === 'json') {
      const canonical = toCanonicalTranscript(t, {
        id: opts.id ?? path.basename(audio).replace(/\.[^.]+$/, ''),
        durationMs: result.durationMs,
        ...(opts.callDate ? { callDate: opts.callDate } : {}),
      });
      process.stdout.write(`${JSON.stringify(canonical)}\n`);
    } else {
      process.stdout.write(`${toPlainText(t)}\n`);
    }
    if (t.needsReview) {
      process.stderr.write(
        `teachback transcribe: needs human review: ${(t.reviewReasons ?? []).join('; ')}\n`,
      );
    }
    return 0;
  } catch (err) {
    // TeachbackError and connector-kit's ConnectorError both carry a namespaced code.
    const carried: unknown = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
    const code = typeof carried === 'string' ? carried : 'TRANSCRIBE.FAILED';
    process.stderr.write(
      `teachback transcribe: ${code}: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return 1;
  }
}
