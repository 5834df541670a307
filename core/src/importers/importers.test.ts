import * as fs from 'node:fs';
import * as path from 'node:path';
import { TeachbackError } from '../errors';
import { Transcript } from '../model/transcript';
import { detectTranscriptFormat, importTranscript } from './index';

function importError(fn: () => unknown): TeachbackError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TeachbackError) return e;
    throw e;
  }
  throw new Error('expected a TeachbackError');
}

describe('plain text', () => {
  it('parses timestamps, labels and the index rule', () => {
    const r = importTranscript(
      [
        '[00:03] Agent: Thanks for calling, this call may be recorded.',
        '',
        '[00:07.5] Patient: Hi, I need my lab results.',
        '[1:02:03] Rep: One moment.',
        'Caller: no time here',
        '   ',
        '(00:10) IVR: press one',
        '00:12 Member: bare stamp',
        'Agent (Sam): named agent',
        'Customer 2: numbered: with a colon inside 10:30',
      ].join('\r\n'),
    );
    expect(r.format).toBe('text');
    const u = r.transcript.utterances;
    expect(u.map((x) => x.speaker)).toEqual([
      'agent',
      'customer',
      'agent',
      'customer',
      'system',
      'customer',
      'agent',
      'customer',
    ]);
    expect(u.map((x) => x.startMs)).toEqual([3000, 7500, 3723000, null, 10000, 12000, null, null]);
    expect(u[0]!.endMs).toBe(7500);
    expect(u[1]!.endMs).toBe(3723000);
    // next start unknown, or earlier than this one -> unknown end
    expect(u[2]!.endMs).toBeNull();
    expect(u[3]!.endMs).toBeNull();
    expect(u[4]!.endMs).toBe(12000);
    expect(u[0]!.text).toBe('Thanks for calling, this call may be recorded.');
    expect(u[7]!.text).toBe('numbered: with a colon inside 10:30');
    expect(r.durationMs).toBe(3723000);
    expect(Transcript.safeParse(r.transcript).success).toBe(true);
  });

  it('takes the end of a time range', () => {
    const r = importTranscript(
      '[00:05 - 00:09] Agent: hello\n[00:10\u201300:12.5] Caller: hi\n(00:20 to 00:21) Agent: bye',
    );
    expect(r.format).toBe('text');
    expect(r.transcript.utterances.map((u) => [u.startMs, u.endMs])).toEqual([
      [5000, 9000],
      [10000, 12500],
      [20000, 21000],
    ]);
    expect(r.durationMs).toBe(21000);
    const e = importError(() => importTranscript('[00:09 - 00:05] Agent: hello'));
    expect(e.code).toBe('IMPORT.INVALID_FIELD');
    expect(e.message).toContain('line 1');
  });

  it('allows transcripts with no timestamps at all', () => {
    const r = importTranscript('Agent: hello\nCaller: hi');
    expect(r.transcript.utterances.map((u) => [u.startMs, u.endMs])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(r.durationMs).toBeUndefined();
  });

  it('names the line of a line without a speaker label, without echoing it', () => {
    const e = importError(() => importTranscript('[00:01] Agent: hi\n\nJane Roe has diabetes'));
    expect(e.code).toBe('IMPORT.PARSE_FAILED');
    expect(e.message).toContain('line 3');
    expect(e.message).not.toContain('diabetes');
  });

  it('rejects unknown speaker labels naming the line', () => {
    const e = importError(() => importTranscript('Agent: hi\nDiagnosis: diabetes'));
    expect(e.code).toBe('IMPORT.INVALID_FIELD');
    expect(e.message).toContain('line 2');
    expect(e.message).not.toContain('diabetes');
  });

  it('rejects impossible timestamps', () => {
    const e = importError(() => importTranscript('[00:75] Agent: hi'));
    expect(e.code).toBe('IMPORT.INVALID_FIELD');
    expect(e.message).toContain('line 1');
  });

  it('reports empty input', () => {
    expect(importError(() => importTranscript('')).code).toBe('IMPORT.EMPTY');
    expect(importError(() => importTranscript('\n \n', { format: 'text' })).code).toBe('IMPORT.EMPTY');
  });
});

describe('canonical JSON', () => {
  it('imports the tagged form with call facts', () => {
    const r = importTranscript(
      JSON.stringify({
        format: 'teachback.transcript.v1',
        id: 'call-1',
        startedAt: '2026-10-02T14:00:00Z',
        channel: 'voice',
        utterances: [
          { speaker: 'agent', startMs: 0, endMs: 1000, text: 'hello' },
          { speaker: 'customer', text: 'hi' },
        ],
      }),
    );
    expect(r).toMatchObject({
      format: 'canonical',
      interactionId: 'call-1',
      callDate: '2026-10-02',
      startedAt: '2026-10-02T14:00:00Z',
      channel: 'voice',
    });
    expect(r.transcript.utterances[1]).toEqual({
      speaker: 'customer',
      startMs: null,
      endMs: null,
      text: 'hi',
    });
  });

  it('imports a bare utterances object', () => {
    const r = importTranscript('{"utterances":[{"speaker":"agent","startMs":null,"endMs":null,"text":"x"}]}');
    expect(r.format).toBe('canonical');
    expect(r.interactionId).toBeUndefined();
  });

  it('names the failing field', () => {
    const e = importError(() =>
      importTranscript(
        '{"utterances":[{"speaker":"agent","text":"a"},{"speaker":"doctor","text":"secret"}]}',
      ),
    );
    expect(e.code).toBe('IMPORT.INVALID_FIELD');
    expect(e.message).toContain('utterances[1].speaker');
    expect(e.message).not.toContain('doctor');
    const d = importError(() =>
      importTranscript('{"callDate":"02/10/2026","utterances":[{"speaker":"agent","text":"a"}]}'),
    );
    expect(d.message).toContain('callDate');
    const k = importError(() =>
      importTranscript('{"utterances":[{"speaker":"agent","text":"a","spekaer":1}]}'),
    );
    expect(k.message).toContain('utterances[0]');
  });

  it('reports an empty utterance list', () => {
    expect(importError(() => importTranscript('{"utterances":[]}')).code).toBe('IMPORT.EMPTY');
  });
});

describe('Genesys STA transcript', () => {
  const start = Date.parse('2026-11-02T15:00:00.000Z');
  const file = {
    organizationId: 'org',
    conversationId: 'conv-1',
    communicationId: 'comm-1',
    mediaType: 'call',
    conversationStartTime: start,
    participants: [{ participantPurpose: 'internal', userId: 'u1' }],
    somethingNew: { shape: true },
    transcripts: [
      {
        transcriptId: 't1',
        language: 'en-US',
        engineId: 'genesys',
        phrases: [
          {
            phraseIndex: 1,
            participantPurpose: 'external',
            text: 'I need a refill',
            confidence: 0.8,
            startTimeMs: start + 5000,
            duration: { milliseconds: 2000 },
          },
          {
            phraseIndex: 0,
            participantPurpose: 'internal',
            text: 'Thanks for calling',
            confidence: 0.9,
            startTimeMs: start + 1000,
            duration: { milliseconds: 3000 },
            words: [],
          },
          { phraseIndex: 2, participantPurpose: 'ivr', text: 'please hold', offset: { milliseconds: 9000 } },
        ],
      },
    ],
  };

  it('maps purposes, relative times, call facts and confidence', () => {
    const r = importTranscript(JSON.stringify(file), { fileName: 'conv-1.json' });
    expect(r.format).toBe('genesys');
    expect(r.interactionId).toBe('conv-1');
    expect(r.startedAt).toBe('2026-11-02T15:00:00.000Z');
    expect(r.callDate).toBe('2026-11-02');
    expect(r.channel).toBe('voice');
    const u = r.transcript.utterances;
    expect(u.map((x) => [x.speaker, x.startMs, x.endMs, x.text])).toEqual([
      ['agent', 1000, 4000, 'Thanks for calling'],
      ['customer', 5000, 7000, 'I need a refill'],
      ['system', 9000, null, 'please hold'],
    ]);
    expect(r.durationMs).toBe(9000);
    expect(r.transcript.source).toBe('platform');
    expect(r.transcript.confidence).toBeGreaterThan(0.8);
    expect(Transcript.safeParse(r.transcript).success).toBe(true);
  });

  it('uses the first phrase as time zero when the conversation start is missing', () => {
    const { conversationStartTime: _s, ...rest } = file;
    const r = importTranscript(JSON.stringify(rest));
    expect(r.transcript.utterances.map((u) => u.startMs)).toEqual([0, 4000, 9000]);
  });

  it('names the bad field', () => {
    const bad = structuredClone(file);
    (bad.transcripts[0]!.phrases[1] as any).startTimeMs = 'soon';
    const e = importError(() => importTranscript(JSON.stringify(bad)));
    expect(e.code).toBe('IMPORT.INVALID_FIELD');
    expect(e.message).toContain('transcripts[0].phrases[1].startTimeMs');
  });

  it('reports a transcript without phrases', () => {
    expect(importError(() => importTranscript('{"conversationId":"c","transcripts":[]}')).code).toBe(
      'IMPORT.EMPTY',
    );
  });
});

describe('detection and parse errors', () => {
  it('detects each format', () => {
    expect(detectTranscriptFormat('[00:01] Agent: hi')).toBe('text');
    expect(detectTranscriptFormat('Agent: hi', 'a.txt')).toBe('text');
    expect(detectTranscriptFormat('{"utterances":[]}')).toBe('canonical');
    expect(detectTranscriptFormat('{"format":"teachback.transcript.v1"}')).toBe('canonical');
    expect(detectTranscriptFormat('{"transcripts":[]}')).toBe('genesys');
    expect(detectTranscriptFormat('[{"speaker_role":"agent"}]')).toBe('harper-valley');
  });

  it('rejects unknown JSON shapes', () => {
    expect(importError(() => detectTranscriptFormat('{"messages":[]}')).code).toBe('IMPORT.UNKNOWN_FORMAT');
    expect(importError(() => detectTranscriptFormat('[1,2]')).code).toBe('IMPORT.UNKNOWN_FORMAT');
    expect(importError(() => detectTranscriptFormat('{"format":"other"}')).code).toBe(
      'IMPORT.UNKNOWN_FORMAT',
    );
  });

  it('gives line and column of broken JSON without echoing it', () => {
    const e = importError(() => importTranscript('{"utterances": [\n  {"text": "Jane Roe" oops}]}'));
    expect(e.code).toBe('IMPORT.PARSE_FAILED');
    expect(e.message).toMatch(/line 2, column \d+/);
    expect(e.message).not.toContain('Jane');
    expect(importError(() => importTranscript('Agent: hi', { fileName: 'x.json' })).code).toBe(
      'IMPORT.PARSE_FAILED',
    );
  });

  it('honours an explicit format', () => {
    const e = importError(() => importTranscript('{"utterances":[]}', { format: 'genesys' }));
    expect(e.code).toBe('IMPORT.INVALID_FIELD');
    expect(e.message).toContain('transcripts');
    expect(importError(() => importTranscript('x', { format: 'pdf' as any })).code).toBe(
      'IMPORT.UNKNOWN_FORMAT',
    );
  });
});

describe('Harper Valley Bank', () => {
  const dir = path.resolve(__dirname, '../../../../shared/datasets/harper-valley-bank/transcript');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('imports all 70 calls, ASR and human, one utterance per segment', () => {
    expect(files).toHaveLength(70);
    for (const f of files) {
      const content = fs.readFileSync(path.join(dir, f), 'utf8');
      const segments = JSON.parse(content) as { start_ms: number; speaker_role: string }[];
      for (const human of [false, true]) {
        const r = importTranscript(content, { fileName: path.join(dir, f), human });
        expect(r.format).toBe('harper-valley');
        expect(r.interactionId).toBe(f.replace('.json', ''));
        expect(r.callDate).toMatch(/^20\d\d-\d\d-\d\d$/);
        expect(r.transcript.utterances).toHaveLength(segments.length);
        expect(Transcript.safeParse(r.transcript).success).toBe(true);
        for (const u of r.transcript.utterances) expect(u.text).not.toMatch(/\[|\]|<unk>|~/);
      }
    }
  });

  it('maps roles, times and picks ASR or human text', () => {
    const content = fs.readFileSync(path.join(dir, 'ff0296d00e5e4184.json'), 'utf8');
    const asr = importTranscript(content, { fileName: 'ff0296d00e5e4184.json' });
    const first = asr.transcript.utterances[0]!;
    expect(first).toMatchObject({ speaker: 'agent', startMs: 3990, endMs: 6270 });
    expect(asr.transcript.utterances[1]).toMatchObject({ speaker: 'customer', text: '' });
    expect(asr.startedAt).toBe(new Date(1591056064136 - 3990).toISOString());
    expect(asr.channel).toBe('voice');
    expect(asr.transcript.source).toBe('asr');
    const human = importTranscript(content, { human: true });
    expect(human.transcript.source).toBe('import');
    expect(human.interactionId).toBeUndefined();
  });

  it('names the bad segment field', () => {
    const e = importError(() =>
      importTranscript('[{"speaker_role":"teller","start_ms":0,"duration_ms":1,"transcript":"x"}]'),
    );
    expect(e.code).toBe('IMPORT.INVALID_FIELD');
    expect(e.message).toContain('[0].speaker_role');
  });
});
