// Real conversations from ../shared/datasets as plain utterances, for building and measuring the
// text-quality estimate. I/O lives here (core/src/bench is outside core's purity rule).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Utterance } from '@teachback/core';

export interface SourceCall {
  source: string;
  id: string;
  utterances: Utterance[];
}

/** Sources the fluency model is trained on; every other source is held out. */
export const TRAINING_SOURCES = ['aci-bench', 'mts-dialog'] as const;

export function datasetsDir(): string {
  return process.env.TEACHBACK_DATASETS ?? path.resolve(__dirname, '../../../../shared/datasets');
}

const utt = (text: string, startMs: number | null = null, endMs: number | null = null): Utterance => ({
  speaker: 'unknown',
  startMs,
  endMs,
  text,
});

function files(dir: string, ext: string): string[] {
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(ext))
        .sort()
        .map((f) => path.join(dir, f))
    : [];
}

/** One CSV record at a time; MTS-Dialog quotes fields that hold commas and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = (): void => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else if (ch !== '\r') field += ch;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

function aciBench(root: string): SourceCall[] {
  return files(path.join(root, 'aci-bench/challenge_data_json'), '.json').flatMap((f) =>
    (JSON.parse(fs.readFileSync(f, 'utf8')) as { data: { src: string }[] }).data.map((d, i) => ({
      source: 'aci-bench',
      id: `${path.basename(f, '.json')}#${i}`,
      utterances: d.src
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => utt(l.replace(/^\[[a-z_]+\]\s*/, ''))),
    })),
  );
}

function mtsDialog(root: string): SourceCall[] {
  return files(path.join(root, 'mts-dialog'), '.csv').flatMap((f) => {
    const [header, ...rows] = parseCsv(fs.readFileSync(f, 'utf8'));
    const col = header!.indexOf('dialogue');
    return rows
      .filter((r) => r[col])
      .map((r, i) => ({
        source: 'mts-dialog',
        id: `${path.basename(f, '.csv')}#${i}`,
        utterances: r[col]!.split('\n')
          .filter((l) => l.trim())
          .map((l) => utt(l.replace(/^[A-Za-z ]+:\s*/, ''))),
      }));
  });
}

function star(root: string): SourceCall[] {
  return files(path.join(root, 'star-bank-doctor/dialogues'), '.json').map((f) => {
    const d = JSON.parse(fs.readFileSync(f, 'utf8')) as { Events: { Action?: string; Text?: string }[] };
    return {
      source: 'star',
      id: path.basename(f),
      utterances: d.Events.filter((e) => e.Action === 'utter' && e.Text).map((e) => utt(e.Text!)),
    };
  });
}

interface HvSegment {
  start_ms: number;
  duration_ms: number;
  transcript: string;
  human_transcript: string;
}

/** Harper Valley: the transcriptionist's text is clean; the `transcript` field is real ASR output. */
function harperValley(root: string, field: 'human_transcript' | 'transcript'): SourceCall[] {
  return files(path.join(root, 'harper-valley-bank/transcript'), '.json').map((f) => ({
    source: field === 'transcript' ? 'harper-valley-asr' : 'harper-valley-human',
    id: path.basename(f),
    utterances: (JSON.parse(fs.readFileSync(f, 'utf8')) as HvSegment[]).map((s) =>
      utt(s[field], s.start_ms, s.start_ms + s.duration_ms),
    ),
  }));
}

/** PriMock57: one Praat TextGrid per side; intervals carry times in seconds. */
function primock(root: string): SourceCall[] {
  const dir = path.join(root, 'primock57/transcripts');
  return files(dir, '_doctor.TextGrid').map((f) => {
    const out: Utterance[] = [];
    for (const side of [f, f.replace('_doctor', '_patient')]) {
      const text = fs.readFileSync(side, 'utf8');
      for (const m of text.matchAll(/xmin = ([\d.]+)\s*\n\s*xmax = ([\d.]+)\s*\n\s*text = "(.*)"/g)) {
        const words = m[3]!.replace(/<[^>]+>/g, '').trim();
        if (words) out.push(utt(words, Math.round(Number(m[1]) * 1000), Math.round(Number(m[2]) * 1000)));
      }
    }
    out.sort((a, b) => a.startMs! - b.startMs!);
    return { source: 'primock57', id: path.basename(f), utterances: out };
  });
}

/** Every real conversation with at least one utterance, in a fixed order. */
export function loadSourceCalls(root = datasetsDir()): SourceCall[] {
  return [
    ...aciBench(root),
    ...mtsDialog(root),
    ...primock(root),
    ...star(root),
    ...harperValley(root, 'human_transcript'),
    ...harperValley(root, 'transcript'),
  ].filter((c) => c.utterances.length > 0);
}
