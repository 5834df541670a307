import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  TeachbackError,
  importTranscript,
  type ImportedTranscript,
  type TranscriptFormat,
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

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

export async function readInput(
  file: string,
  opts: { format?: TranscriptFormat | undefined; human: boolean },
): Promise<ImportedTranscript> {
  let content: string;
  try {
    content = file === '-' ? await readStdin() : await fs.promises.readFile(file, 'utf8');
  } catch (cause) {
    throw new TeachbackError(
      'INPUT.UNREADABLE',
      `cannot read ${file === '-' ? 'standard input' : 'the file'}`,
      { cause },
    );
  }
  const importOpts: { fileName?: string; format?: TranscriptFormat; human?: boolean } = { human: opts.human };
  if (file !== '-') importOpts.fileName = path.basename(file);
  if (opts.format) importOpts.format = opts.format;
  return importTranscript(content, importOpts);
}
