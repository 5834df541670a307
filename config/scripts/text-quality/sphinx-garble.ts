// Makes real sphinx-garbled text for the text-quality bench: held-out calls from
// ../shared/datasets are spoken by espeak-ng and transcribed by the sphinx engine through the built
// CLI (`teachback transcribe`, engine sphinx: about 0.8 word error rate). Writes
// config/scripts/text-quality/sphinx-transcripts.json. Needs espeak-ng, pocketsphinx, pocketsphinx-en-us and
// `npm run build`. Slow (about a minute a call on a busy machine), so its output is committed.
// Run: node -r ./adapters/jobs/tests/support/ts-register.cjs config/scripts/text-quality/sphinx-garble.ts
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { textTokens } from '@teachback/core';
import { loadSourceCalls } from './text-quality-data';

const ROOT = path.resolve(__dirname, '../../..');
const OUT = path.join(__dirname, 'sphinx-transcripts.json');
const PER_SOURCE = 6;
const WORDS = 200;

export interface SphinxCall {
  source: string;
  id: string;
  /** What espeak-ng said: the first WORDS words of the call. */
  spoken: string;
  /** What sphinx heard, one string per recognised utterance. */
  heard: string[];
}

function main(): void {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sphinx-garble-'));
  const out: SphinxCall[] = [];
  try {
    for (const source of ['primock57', 'star']) {
      const calls = loadSourceCalls()
        .filter((c) => c.source === source)
        .filter((c) => c.utterances.reduce((n, u) => n + textTokens(u.text).length, 0) >= 150)
        .slice(0, PER_SOURCE);
      for (const c of calls) {
        const words = c.utterances
          .map((u) => u.text.trim())
          .join(' ')
          .split(/\s+/)
          .slice(0, WORDS)
          .join(' ');
        const wav = path.join(tmp, 'call.wav');
        execFileSync('espeak-ng', ['-s', '165', '-w', wav, words]);
        const json = execFileSync(
          process.execPath,
          [path.join(ROOT, 'adapters/cli/dist/bin.js'), 'transcribe', wav, '--format', 'json'],
          {
            env: { ...process.env, TEACHBACK_TRANSCRIBE_ENGINE: 'sphinx' },
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
            maxBuffer: 16 * 1024 * 1024,
          },
        );
        const t = JSON.parse(json) as { utterances: { text: string }[] };
        out.push({ source, id: c.id, spoken: words, heard: t.utterances.map((u) => u.text) });
        // Written after every call: a slow machine can stop the run and keep what is done.
        fs.writeFileSync(OUT, `${JSON.stringify(out, null, 1)}\n`);
        console.log(
          `${source} ${c.id}: ${textTokens(words).length} words spoken, ${textTokens(t.utterances.map((u) => u.text).join(' ')).length} heard`,
        );
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
