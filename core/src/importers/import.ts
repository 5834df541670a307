import { importCanonical } from './canonical';
import { sniffTranscript } from './detect';
import { importError, parseJson } from './errors';
import { importGenesys } from './genesys';
import { importHarperValley } from './harper-valley';
import { checkContentSize, checkTranscriptSize, transcriptLimits } from './limits';
import { withTextQuality } from './quality';
import { importText } from './text';
import { TRANSCRIPT_FORMATS, type ImportOptions, type ImportedTranscript } from './types';

/**
 * Parses a transcript file's content into the canonical transcript plus the call facts the file
 * carried. The format is detected unless `opts.format` is given. Throws TeachbackError
 * `IMPORT.UNKNOWN_FORMAT | IMPORT.PARSE_FAILED | IMPORT.INVALID_FIELD | IMPORT.EMPTY | IMPORT.TOO_LARGE`.
 * A transcript without confidences gets a text-quality estimate (`needsReview` when it reads like
 * garbled recognition).
 */
export function importTranscript(content: string, opts: ImportOptions = {}): ImportedTranscript {
  const limits = transcriptLimits(opts.limits);
  checkContentSize(content, limits);
  const imported = parseTranscript(content, opts);
  checkTranscriptSize(imported.transcript.utterances, imported.durationMs, limits);
  return withTextQuality(imported);
}

function parseTranscript(content: string, opts: ImportOptions): ImportedTranscript {
  let format = opts.format;
  let json: unknown;
  if (format === undefined) {
    const sniffed = sniffTranscript(content, opts.fileName);
    format = sniffed.format;
    json = sniffed.json;
  } else if (!TRANSCRIPT_FORMATS.includes(format)) {
    throw importError(
      'IMPORT.UNKNOWN_FORMAT',
      `unsupported transcript format; expected one of ${TRANSCRIPT_FORMATS.join(', ')}`,
    );
  } else if (format !== 'text') {
    if (content.trim() === '') throw importError('IMPORT.EMPTY', 'transcript is empty');
    json = parseJson(content.charCodeAt(0) === 0xfeff ? content.slice(1) : content, `${format} transcript`);
  }

  switch (format) {
    case 'text':
      return importText(content);
    case 'canonical':
      return importCanonical(json);
    case 'genesys':
      return importGenesys(json);
    case 'harper-valley':
      return importHarperValley(json, opts);
  }
}
