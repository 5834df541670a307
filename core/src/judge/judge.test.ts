import type { Transcript, Utterance } from '../model/transcript';
import { compilePlaybook, parsePlaybook } from '../playbook/compile';
import type { PlaybookInput } from '../playbook/schema';
import { scoreTranscript } from '../scoring';
import { judgeCacheKey, transcriptHash } from './hash';
import type { Judge, JudgeAnswer, JudgeCache, JudgeRequest } from './port';
import { locateQuotes, normalizeQuote } from './quotes';
import { judgeUtterances } from './resolve';
import { judgeScoreResult } from './score';

function call(...lines: string[]): Transcript {
  const utterances: Utterance[] = lines.map((l) => {
    const m = /^\[(\d+):(\d\d)\] ([AC]): (.*)$/.exec(l)!;
    const start = (Number(m[1]) * 60 + Number(m[2])) * 1000;
    return { speaker: m[3] === 'A' ? 'agent' : 'customer', startMs: start, endMs: start + 3000, text: m[4]! };
  });
  return { utterances };
}

const QUESTION = 'Did the agent offer a specific callback time?';
const playbook: PlaybookInput = {
  id: 'judge-test',
  version: '3',
  title: 'Judge test',
  criteria: [
    {
      id: 'recording',
      title: 'Recording disclosure',
      category: 'compliance',
      severity: 'high',
      weight: 1,
      tip: 'Say it.',
      rule: { require: [{ phrases: ['this call may be recorded'] }] },
    },
    {
      id: 'callback-time',
      title: 'Specific callback time',
      category: 'compliance',
      severity: 'medium',
      weight: 1,
      tip: 'Offer a day and a time for the callback.',
      judge: { engine: 'llm', question: QUESTION },
    },
  ],
};

const CALL = call(
  '[0:01] A: Hi, this call may be recorded.',
  '[0:05] C: My prescription still is not ready and I am upset.',
  '[0:12] A: I will have the pharmacist call you back Tuesday at 3 PM.',
);

/** A judge that answers from a script and records what it was asked. */
class ScriptedJudge implements Judge {
  readonly name = 'llm:scripted';
  readonly asked: JudgeRequest[] = [];
  constructor(private readonly answer: JudgeAnswer | Error) {}
  judge(request: JudgeRequest): Promise<JudgeAnswer> {
    this.asked.push(request);
    return this.answer instanceof Error ? Promise.reject(this.answer) : Promise.resolve(this.answer);
  }
}

class MapCache implements JudgeCache {
  readonly map = new Map<string, JudgeAnswer>();
  get(key: string) {
    return Promise.resolve(this.map.get(key));
  }
  set(key: string, answer: JudgeAnswer) {
    this.map.set(key, answer);
    return Promise.resolve();
  }
}

const cp = compilePlaybook(playbook);
const offline = () => scoreTranscript(CALL, cp, { interactionId: 'c1' });
const judged = (j: Judge, cache?: JudgeCache) =>
  judgeScoreResult(offline(), CALL.utterances, cp, cache ? { judge: j, cache } : { judge: j });
const callback = (r: Awaited<ReturnType<typeof judged>>) =>
  r.scorecard.findings.find((f) => f.criterionId === 'callback-time')!;

describe('judge: llm criteria in a playbook', () => {
  it('parses, and a criterion needs exactly one of rule, versions or judge', () => {
    expect(parsePlaybook(playbook).criteria[1]!.judge).toEqual({ engine: 'llm', question: QUESTION });
    const both = structuredClone(playbook);
    both.criteria[1]!.rule = { require: [{ phrases: ['call you back'] }] };
    expect(() => parsePlaybook(both)).toThrow(
      'criteria[1] (callback-time).rule: give exactly one of `rule`, `versions` or `judge`',
    );
    const vague = structuredClone(playbook);
    vague.criteria[1]!.judge = { engine: 'llm', question: 'ok?' };
    expect(() => parsePlaybook(vague)).toThrow(
      /criteria\[1\] \(callback-time\)\.judge\.question: ask a whole question/,
    );
  });

  it('the offline engine reports it not_applicable: judge not configured', () => {
    const f = offline().scorecard.findings[1]!;
    expect(f).toMatchObject({ criterionId: 'callback-time', status: 'not_applicable', evidence: [] });
    expect(f.explanation).toMatch(/judge not configured/);
    expect(offline().scorecard).toMatchObject({ score: 100, compliant: true, needsReview: false });
  });
});

describe('quotes are checked against the transcript', () => {
  it('normalises case, punctuation and whitespace, across utterance boundaries', () => {
    expect(normalizeQuote('  Tuesday,  at 3 P.M.! ')).toBe('tuesday at 3 p m');
    const u = judgeUtterances(CALL.utterances);
    expect(locateQuotes(['CALL YOU BACK tuesday at 3 pm', 'recorded. My prescription'], u)).toEqual([
      { quote: 'CALL YOU BACK tuesday at 3 pm', utterance: 2 },
      { quote: 'recorded. My prescription', utterance: 0 },
    ]);
    expect(locateQuotes(['call you back Wednesday', 'pharm', ''], u).map((q) => q.utterance)).toEqual([
      -1, -1, -1,
    ]);
  });
});

describe('applying a configured judge', () => {
  it('met with valid quotes: evidence points at the quoted utterance', async () => {
    const r = await judged(
      new ScriptedJudge({
        answer: 'met',
        quotes: ['call you back Tuesday at 3 PM'],
        rationale: 'A day and time were given.',
      }),
    );
    expect(callback(r)).toMatchObject({
      status: 'met',
      evidence: [{ utterance: 2, startMs: 12_000, speaker: 'agent', quote: 'call you back Tuesday at 3 PM' }],
      explanation: 'Met (llm:scripted): A day and time were given.',
    });
    expect(r.scorecard).toMatchObject({ score: 100, compliant: true, needsReview: false, reviewReasons: [] });
  });

  it('missed: the call is not compliant and the coaching note does not repeat the rationale', async () => {
    const r = await judged(
      new ScriptedJudge({
        answer: 'missed',
        quotes: ['the pharmacist call you back'],
        rationale: 'Caller was upset about the prescription.',
      }),
    );
    expect(r.scorecard).toMatchObject({ score: 50, compliant: false });
    const note = r.coaching.find((n) => n.criterionId === 'callback-time')!;
    expect(note.text).toBe(
      `At 0:12, the answer to "${QUESTION}" was no. Next time: Offer a day and a time for the callback.`,
    );
  });

  it('a hallucinated quote drops the finding and flags the scorecard for review', async () => {
    const r = await judged(
      new ScriptedJudge({
        answer: 'met',
        quotes: ['call you back Tuesday at 3 PM', 'I will call you at noon sharp'],
        rationale: '',
      }),
    );
    expect(callback(r)).toMatchObject({ status: 'not_applicable', evidence: [] });
    expect(callback(r).explanation).toMatch(/dropped: 1 of 2 quotes are not in the transcript/);
    expect(r.scorecard.needsReview).toBe(true);
    expect(r.scorecard.reviewReasons).toEqual([
      'judge-unverified-quote: 1 of 2 quotes the judge gave are not in the transcript (callback-time)',
    ]);
  });

  it('not_applicable needs no quote and leaves the score alone', async () => {
    const r = await judged(
      new ScriptedJudge({ answer: 'not_applicable', quotes: [], rationale: 'No callback came up.' }),
    );
    expect(callback(r)).toMatchObject({
      status: 'not_applicable',
      evidence: [],
      explanation: 'Not applicable (llm:scripted): No callback came up.',
    });
    expect(r.scorecard).toMatchObject({ score: 100, needsReview: false });
  });

  it('a met answer without any quote is dropped too', async () => {
    const r = await judged(new ScriptedJudge({ answer: 'met', quotes: [], rationale: 'trust me' }));
    expect(callback(r).status).toBe('not_applicable');
    expect(r.scorecard.reviewReasons[0]).toMatch(/^judge-no-evidence: /);
  });

  it('a failing judge leaves the criterion not_applicable and flags review with the error code', async () => {
    const err = Object.assign(new Error('judge answer is not JSON'), { code: 'JUDGE.BAD_ANSWER' });
    const r = await judged(new ScriptedJudge(err));
    expect(callback(r)).toMatchObject({
      status: 'not_applicable',
      explanation: 'Not applicable: the judge failed (JUDGE.BAD_ANSWER).',
    });
    expect(r.scorecard.reviewReasons).toEqual(['judge-failed: JUDGE.BAD_ANSWER (callback-time)']);
  });

  it('caches by (transcript hash, criterion id + version): the second scoring asks nobody', async () => {
    const cache = new MapCache();
    const judge = new ScriptedJudge({ answer: 'met', quotes: ['Tuesday at 3 PM'], rationale: 'ok' });
    await judged(judge, cache);
    const again = await judged(judge, cache);
    expect(judge.asked).toHaveLength(1);
    expect(callback(again).status).toBe('met');
    const key = judge.asked[0]!.cacheKey;
    expect([...cache.map.keys()]).toEqual([key]);
    expect(key).toBe(
      judgeCacheKey(
        transcriptHash(judgeUtterances(CALL.utterances)),
        'callback-time',
        judge.asked[0]!.criterionVersion,
      ),
    );

    // A different transcript or an edited question is a different key.
    const edited = structuredClone(playbook);
    edited.criteria[1]!.judge = { engine: 'llm', question: 'Did the agent give a callback day and hour?' };
    const cp2 = compilePlaybook(edited);
    await judgeScoreResult(scoreTranscript(CALL, cp2, { interactionId: 'c1' }), CALL.utterances, cp2, {
      judge,
      cache,
    });
    const other = call(
      '[0:01] A: Hi, this call may be recorded.',
      '[0:12] A: Someone will call Tuesday at 3 PM.',
    );
    await judgeScoreResult(scoreTranscript(other, cp, { interactionId: 'c2' }), other.utterances, cp, {
      judge,
      cache,
    });
    expect(new Set(judge.asked.map((a) => a.cacheKey)).size).toBe(3);
  });

  it('leaves a scorecard without judge criteria untouched and asks nothing', async () => {
    const plain = compilePlaybook({ ...playbook, criteria: [playbook.criteria[0]!] });
    const result = scoreTranscript(CALL, plain, { interactionId: 'c1' });
    const judge = new ScriptedJudge({ answer: 'met', quotes: [], rationale: '' });
    expect(await judgeScoreResult(result, CALL.utterances, plain, { judge })).toBe(result);
    expect(judge.asked).toHaveLength(0);
  });
});
