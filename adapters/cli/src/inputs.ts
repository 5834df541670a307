import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  TeachbackError,
  importTranscript,
  transcriptLimits,
  type ImportedTranscript,
  type TranscriptFormat,
  type TranscriptLimits,
} from '@teachback/core';

export class UsageError extends Error {}

/** Transcripts and recordings we pick up from a folder. Other files (READMEs, metadata) are not inputs. */
const TRANSCRIPT_EXTENSIONS = new Set(['.txt', '.json', '.jsonl', '.wav']);

/** A file, every transcript in a folder (recursively, sorted), or '-' for stdin. */
export function collectInputFiles(input: string): string[] {
  if (input === '-') return ['-'];
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch {
    throw new UsageError(`input "${input}" does not exist`);
  }
  if (stat.isFile()) return [path.resolve(input)];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && isScorable(entry.name)) out.push(full);
    }
  };
  walk(path.resolve(input));
  if (out.length === 0)
    throw new UsageError(
      `folder "${input}" holds no transcript files (${[...TRANSCRIPT_EXTENSIONS].join(', ')})`,
    );
  return out;
}

function isScorable(name: string): boolean {
  return TRANSCRIPT_EXTENSIONS.has(path.extname(name).toLowerCase());
}

/**
 * UTF-8 takes at most 4 bytes per character, so more bytes than this cannot be within the
 * character limit: such input is refused without being read into memory. Anything smaller is read
 * and the importer applies the exact limits.
 */
function maxBytes(limits: TranscriptLimits): number {
  return limits.maxChars * 4;
}

function tooManyBytes(bytes: number, limits: TranscriptLimits, where: string): TeachbackError {
  return new TeachbackError(
    'IMPORT.TOO_LARGE',
    `transcript too large to score as one interaction: ${where} holds more than ${bytes.toLocaleString('en-US')} bytes (limit ${limits.maxChars.toLocaleString('en-US')} characters; raise maxChars if this is really one call)`,
    { details: { field: 'maxChars', limit: limits.maxChars } },
  );
}

function readStdin(limits: TranscriptLimits): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const onData = (c: Buffer): void => {
      bytes += c.length;
      if (bytes > maxBytes(limits)) {
        // Stop holding it; keep draining so the writer is not blocked on a full pipe.
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    };
    process.stdin.on('data', onData);
    process.stdin.on('end', () =>
      bytes > maxBytes(limits)
        ? reject(tooManyBytes(maxBytes(limits), limits, 'standard input'))
        : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    process.stdin.on('error', reject);
  });
}

export async function readInput(
  file: string,
  opts: { format?: TranscriptFormat | undefined; human: boolean; limits?: Partial<TranscriptLimits> },
): Promise<ImportedTranscript> {
  const limits = transcriptLimits(opts.limits);
  let content: string;
  try {
    if (file !== '-' && (await fs.promises.stat(file)).size > maxBytes(limits))
      throw tooManyBytes(maxBytes(limits), limits, 'the file');
    content = file === '-' ? await readStdin(limits) : await fs.promises.readFile(file, 'utf8');
  } catch (cause) {
    if (cause instanceof TeachbackError) throw cause;
    throw new TeachbackError(
      'INPUT.UNREADABLE',
      `cannot read ${file === '-' ? 'standard input' : 'the file'}`,
      { cause },
    );
  }
  const importOpts: {
    fileName?: string;
    format?: TranscriptFormat;
    human?: boolean;
    limits: TranscriptLimits;
  } = { human: opts.human, limits };
  if (file !== '-') importOpts.fileName = path.basename(file);
  if (opts.format) importOpts.format = opts.format;
  return importTranscript(content, importOpts);
}
