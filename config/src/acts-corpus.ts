import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusCalls, parseCorpus, type CorpusCall, type CorpusRow } from '@teachback/core';

/** The labelled act corpus: one folder per source (`config/corpus/<source>/utterances.jsonl`). */
export const ACT_CORPUS_DIR = path.resolve(__dirname, '..', 'corpus');

export function readActCorpusRows(dir = ACT_CORPUS_DIR): CorpusRow[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'utterances.jsonl')))
    .map((d) => d.name)
    .sort()
    .flatMap((source) => {
      const file = path.join(dir, source, 'utterances.jsonl');
      return parseCorpus(fs.readFileSync(file, 'utf8'), path.relative(dir, file));
    });
}

/** Calls of the corpus, in a stable order (by source, then call id). */
export function readActCorpus(dir = ACT_CORPUS_DIR): CorpusCall[] {
  return corpusCalls(readActCorpusRows(dir)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
