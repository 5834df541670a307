import { TeachbackError } from '../errors';
import { measureTextQuality } from '../transcription/text-quality';
import { importTranscript } from './import';

const CLEAN = [
  '[00:00] Agent: Thank you for calling Lakeside Clinic, this call may be recorded. How can I help you today?',
  "[00:06] Caller: Hi, I'm calling because I got a letter about my appointment and I'm not sure what it means.",
  '[00:13] Agent: I can help with that. Can I have your full name and your date of birth, please?',
  "[00:19] Caller: Sure, it's Casey Example, and I was born on the second of May.",
  '[00:25] Agent: Thank you, Casey. I see the letter. Your appointment moved from Monday to Wednesday at ten because the doctor is out that day.',
  "[00:36] Caller: Oh okay, that's fine. Do I still need to come in early for the blood work?",
  '[00:42] Agent: Yes, please come fifteen minutes early and do not eat anything after midnight the night before.',
  '[00:50] Caller: Got it. Nothing after midnight and fifteen minutes early on Wednesday.',
  '[00:56] Agent: That is exactly right. Is there anything else I can help you with today?',
  "[01:01] Caller: No, that's everything. Thanks so much for your help.",
  '[01:05] Agent: You are very welcome. Have a good rest of your day.',
].join('\n');

// The same words in an order no speaker uses: what broken recognition does to word order. (Each
// line's words reversed, so word frequencies are unchanged and only fluency can tell.)
const GARBLED = CLEAN.split('\n')
  .map((l) => {
    const [, head, words] = /^(\[[^\]]+\] \w+: )(.*)$/.exec(l)!;
    return (
      head +
      words!
        .toLowerCase()
        .replace(/[^a-z' ]/g, '')
        .split(' ')
        .reverse()
        .join(' ')
    );
  })
  .join('\n');

function importError(content: string, opts: Parameters<typeof importTranscript>[1] = {}): TeachbackError {
  try {
    importTranscript(content, opts);
  } catch (e) {
    if (e instanceof TeachbackError) return e;
    throw e;
  }
  throw new Error('expected the import to fail');
}

describe('text quality of transcripts without confidences', () => {
  it('leaves a clean call exactly as imported', () => {
    const t = importTranscript(CLEAN).transcript;
    expect(t.needsReview).toBeUndefined();
    expect(t.reviewReasons).toBeUndefined();
    expect(measureTextQuality(t.utterances).words).toBeGreaterThanOrEqual(80);
  });

  it('flags garbled recognition made of real words, saying why without quoting it', () => {
    const t = importTranscript(GARBLED).transcript;
    expect(t.needsReview).toBe(true);
    expect(t.reviewReasons).toEqual([expect.stringMatching(/^text-disfluent: .*fluency -\d\.\d\d per word/)]);
    expect(t.reviewReasons!.join(' ')).not.toMatch(/casey|midnight|wednesday/i);
  });

  it('flags tokens that cannot be words and repeated-word loops', () => {
    const noise = Array.from(
      { length: 12 },
      (_, i) => `[00:${String(i * 4).padStart(2, '0')}] Caller: xkcd brrrt qwrtz th3 mmmm zzzt`,
    ).join('\n');
    expect(importTranscript(noise).transcript.reviewReasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/^text-non-words: 100% of tokens/)]),
    );
    const loop = `[00:00] Agent: ${'thank you '.repeat(30)}\n[00:20] Caller: okay okay okay okay okay okay okay okay`;
    expect(importTranscript(loop).transcript.reviewReasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/^text-repeated-tokens: 100% of words/)]),
    );
  });

  it('flags more words per second than anyone speaks, where times exist', () => {
    const words = CLEAN.replace(/\[[^\]]+\] \w+: /g, '').replace(/\n/g, ' ');
    const t = importTranscript(`[00:00 - 00:30] Agent: ${words} ${words} ${words}`).transcript;
    expect(t.reviewReasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/^text-too-fast: \d+\.\d words per second/)]),
    );
  });

  it('leaves transcripts with confidences to the confidence gate', () => {
    const json = JSON.stringify({
      format: 'teachback.transcript.v1',
      utterances: GARBLED.split('\n').map((l, i) => ({
        speaker: 'agent',
        startMs: i * 5000,
        endMs: i * 5000 + 4000,
        text: l.replace(/^\[[^\]]+\] \w+: /, ''),
        confidence: 0.9,
      })),
    });
    expect(importTranscript(json).transcript.needsReview).toBeUndefined();
  });
});

describe('size limits: one interaction, not a 600-hour one', () => {
  it('refuses 50 MB of text before parsing it, naming the limit and not the content', () => {
    const line = '[00:01] Agent: this call may be recorded for quality and training purposes today\n';
    const huge = line.repeat(Math.ceil(50_000_000 / line.length));
    const e = importError(huge);
    expect(e.code).toBe('IMPORT.TOO_LARGE');
    expect(e.message).toMatch(
      /^transcript too large to score as one interaction: 50,0\d\d,\d\d\d characters \(limit 5,000,000; raise maxChars/,
    );
    expect(e.details).toMatchObject({ field: 'maxChars', limit: 5_000_000 });
    expect(e.message).not.toMatch(/recorded/);
  });

  it('refuses too many utterances and too long a call, under the character limit', () => {
    const many = Array.from({ length: 20_001 }, () => 'Agent: hi').join('\n');
    expect(importError(many)).toMatchObject({
      code: 'IMPORT.TOO_LARGE',
      details: { field: 'maxUtterances' },
    });
    const long = '[00:00:01] Agent: hello\n[13:00:00] Caller: still here';
    const e = importError(long);
    expect(e).toMatchObject({ code: 'IMPORT.TOO_LARGE', details: { field: 'maxDurationMs' } });
    expect(e.message).toMatch(/13\.0 hours long/);
  });

  it('takes configured limits and rejects nonsense ones by field', () => {
    expect(importError(CLEAN, { limits: { maxChars: 100 } }).details).toMatchObject({
      field: 'maxChars',
      limit: 100,
    });
    expect(importTranscript(CLEAN, { limits: { maxUtterances: 11 } }).transcript.utterances).toHaveLength(11);
    expect(importError(CLEAN, { limits: { maxUtterances: 10 } }).code).toBe('IMPORT.TOO_LARGE');
    const bad = importError(CLEAN, { limits: { maxDurationMs: -1 } });
    expect(bad.code).toBe('IMPORT.INVALID_FIELD');
    expect(bad.message).toBe('transcript limits: maxDurationMs must be a positive whole number');
  });
});
