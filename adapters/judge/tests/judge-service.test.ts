// The chat-completions judge against a local fake OpenAI-compatible service (a real HTTP server on
// 127.0.0.1), through core's judge step: verified quotes, hallucinated quotes, the cache, the retry
// table and malformed answers. No other network: nock refuses every non-loopback connection.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  compilePlaybook,
  judgeScoreResult,
  scoreTranscript,
  type JudgeAnswer,
  type PlaybookInput,
  type Transcript,
} from '@teachback/core';
import nock from 'nock';
import { loadSettings } from '@teachback/config';
import { ChatCompletionsJudge, chatCompletionsEndpoint, type ChatJudgeOptions } from '../src';

type Reply = { status: number; body: string; headers?: Record<string, string> };

interface Received {
  path: string | undefined;
  authorization: string | undefined;
  body: {
    model: string;
    temperature: number;
    response_format: { type: string };
    messages: { role: string; content: string }[];
  };
}

/** A fake service answering from a queue of replies (the last one repeats) and recording requests. */
class FakeChatService {
  readonly received: Received[] = [];
  private replies: Reply[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({
          path: req.url,
          authorization: req.headers['authorization'],
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'],
        });
        const reply = this.replies.length > 1 ? this.replies.shift()! : this.replies[0]!;
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(reply.body);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  answer(...replies: Reply[]): void {
    this.replies = replies;
    this.received.length = 0;
  }
}

const completion = (content: string): Reply => ({
  status: 200,
  body: JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content } }],
  }),
});
const answer = (a: JudgeAnswer): Reply => completion(JSON.stringify(a));

const QUESTION = 'Did the agent offer a specific callback time?';
const playbook: PlaybookInput = {
  id: 'judge-e2e',
  version: '1',
  title: 'Judge e2e',
  criteria: [
    {
      id: 'callback-time',
      title: 'Specific callback time',
      category: 'adherence',
      severity: 'medium',
      weight: 1,
      tip: 'Offer a day and a time.',
      judge: { engine: 'llm', question: QUESTION },
    },
  ],
};
const cp = compilePlaybook(playbook);
const CALL: Transcript = {
  utterances: [
    { speaker: 'agent', startMs: 0, endMs: 4000, text: 'Thanks for calling Lakeside Pharmacy.' },
    { speaker: 'customer', startMs: 4000, endMs: 9000, text: 'My refill is still not ready.' },
    {
      speaker: 'agent',
      startMs: 9000,
      endMs: 15000,
      text: 'The pharmacist will call you back Tuesday at 3 PM.',
    },
  ],
};

const service = new FakeChatService();
const waits: number[] = [];
function judge(extra: Partial<ChatJudgeOptions> = {}): ChatCompletionsJudge {
  return new ChatCompletionsJudge({
    url: service.url,
    apiKey: 'test-key',
    model: 'fake-model',
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    ...extra,
  });
}
const run = (j: ChatCompletionsJudge, t: Transcript = CALL) =>
  judgeScoreResult(scoreTranscript(t, cp, { interactionId: 'c1' }), t.utterances, cp, { judge: j });

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  await service.start();
});
afterAll(async () => {
  await service.stop();
  nock.enableNetConnect();
});
beforeEach(() => {
  waits.length = 0;
});

describe('ChatCompletionsJudge against a local OpenAI-compatible service', () => {
  it('met with valid quotes: one request with the question, the numbered transcript and JSON mode', async () => {
    service.answer(
      answer({
        answer: 'met',
        quotes: ['call you back Tuesday at 3 PM'],
        rationale: 'A day and an hour were offered.',
      }),
    );
    const r = await run(judge());
    expect(r.scorecard.findings[0]).toMatchObject({
      status: 'met',
      evidence: [{ utterance: 2, startMs: 9000, speaker: 'agent', quote: 'call you back Tuesday at 3 PM' }],
      explanation: 'Met (llm:fake-model): A day and an hour were offered.',
    });
    expect(r.scorecard).toMatchObject({ score: 100, needsReview: false });
    expect(service.received).toHaveLength(1);
    const [req] = service.received;
    expect(req!.path).toBe('/v1/chat/completions');
    expect(req!.authorization).toBe('Bearer test-key');
    expect(req!.body).toMatchObject({
      model: 'fake-model',
      temperature: 0,
      response_format: { type: 'json_object' },
    });
    expect(req!.body.messages[1]!.content).toBe(
      `Question: ${QUESTION}\n\nTranscript:\n1. Agent: Thanks for calling Lakeside Pharmacy.\n2. Caller: My refill is still not ready.\n3. Agent: The pharmacist will call you back Tuesday at 3 PM.`,
    );
  });

  it('a hallucinated quote: the finding is dropped and the scorecard flagged for review', async () => {
    service.answer(
      answer({ answer: 'met', quotes: ['I will call you at noon on Monday'], rationale: 'Offered noon.' }),
    );
    const r = await run(judge());
    expect(r.scorecard.findings[0]).toMatchObject({ status: 'not_applicable', evidence: [] });
    expect(r.scorecard.needsReview).toBe(true);
    expect(r.scorecard.reviewReasons).toEqual([
      'judge-unverified-quote: 1 of 1 quotes the judge gave are not in the transcript (callback-time)',
    ]);
  });

  it('a cache hit makes no request', async () => {
    service.answer(answer({ answer: 'met', quotes: ['Tuesday at 3 PM'], rationale: 'ok' }));
    const j = judge();
    await run(j);
    const second = await run(j);
    expect(service.received).toHaveLength(1);
    expect(second.scorecard.findings[0]!.status).toBe('met');
    // Another transcript is another key: asked again.
    await run(j, {
      utterances: [...CALL.utterances, { speaker: 'agent', startMs: 16000, endMs: 17000, text: 'Bye.' }],
    });
    expect(service.received).toHaveLength(2);
  });

  it('429 with Retry-After and then 500 are retried through the retry table', async () => {
    service.answer(
      { status: 429, body: '{"error":"slow down"}', headers: { 'retry-after': '2' } },
      { status: 500, body: '{"error":"oops"}' },
      answer({ answer: 'met', quotes: ['Tuesday at 3 PM'], rationale: 'ok' }),
    );
    const r = await run(judge());
    expect(r.scorecard.findings[0]!.status).toBe('met');
    expect(service.received).toHaveLength(3);
    expect(waits[0]).toBe(2000);
    expect(waits).toHaveLength(2);
  });

  it('gives up after maxAttempts and flags the scorecard with the error code', async () => {
    service.answer({ status: 503, body: '{}' });
    const r = await run(judge({ maxAttempts: 3 }));
    expect(service.received).toHaveLength(3);
    expect(r.scorecard.findings[0]).toMatchObject({ status: 'not_applicable' });
    expect(r.scorecard.reviewReasons).toEqual(['judge-failed: JUDGE.SERVICE_UNAVAILABLE (callback-time)']);
  });

  it('401 is not retried', async () => {
    service.answer({ status: 401, body: '{"error":"bad key"}' });
    await expect(run(judge()).then((r) => r.scorecard.reviewReasons)).resolves.toEqual([
      'judge-failed: JUDGE.AUTH_FAILED (callback-time)',
    ]);
    expect(service.received).toHaveLength(1);
  });

  it('a malformed JSON answer is a clear error, not retried, and flags the scorecard', async () => {
    service.answer(completion('Sure! The agent offered Tuesday at 3 PM.'));
    const j = judge();
    const r = await run(j);
    expect(service.received).toHaveLength(1);
    expect(r.scorecard.reviewReasons).toEqual(['judge-failed: JUDGE.BAD_ANSWER (callback-time)']);
    await expect(
      j.judge({ criterionId: 'x', criterionVersion: '1', question: QUESTION, utterances: [], cacheKey: 'k' }),
    ).rejects.toMatchObject({ code: 'JUDGE.BAD_ANSWER', message: 'judge answer is not valid JSON' });

    service.answer(completion('```json\n{"answer":"yes","quotes":[],"rationale":""}\n```'));
    await expect(
      j.judge({
        criterionId: 'x',
        criterionVersion: '1',
        question: QUESTION,
        utterances: [],
        cacheKey: 'k2',
      }),
    ).rejects.toMatchObject({
      code: 'JUDGE.BAD_ANSWER',
      message: expect.stringMatching(/^judge answer: field answer: /),
    });
  });
});

describe('judge configuration', () => {
  const loadJudgeConfig = (env: Record<string, string>) => loadSettings({ env }).judge;

  it('is off without a URL, and takes URL, key and model like transcription', () => {
    expect(loadJudgeConfig({})).toBeUndefined();
    expect(
      loadJudgeConfig({
        TEACHBACK_JUDGE_URL: 'https://llm.example.org/v1',
        TEACHBACK_JUDGE_API_KEY: 'k',
        TEACHBACK_JUDGE_MODEL: 'm',
      }),
    ).toEqual({
      url: 'https://llm.example.org/v1',
      apiKey: 'k',
      auth: 'bearer',
      model: 'm',
      timeoutMs: 60_000,
      maxAttempts: 4,
      cacheSize: 10_000,
    });
    expect(chatCompletionsEndpoint('https://llm.example.org/v1')).toBe(
      'https://llm.example.org/v1/chat/completions',
    );
    expect(chatCompletionsEndpoint('https://llm.example.org')).toBe(
      'https://llm.example.org/v1/chat/completions',
    );
  });

  it('rejects plain http to a real host and a missing model, naming the field and variable, never the key', () => {
    expect(() =>
      loadJudgeConfig({
        TEACHBACK_JUDGE_URL: 'http://llm.example.org',
        TEACHBACK_JUDGE_MODEL: 'm',
        TEACHBACK_JUDGE_API_KEY: 'sekret',
      }),
    ).toThrow(/^TEACHBACK_JUDGE_URL: must be https/);
    try {
      loadJudgeConfig({ TEACHBACK_JUDGE_URL: 'https://llm.example.org', TEACHBACK_JUDGE_API_KEY: 'sekret' });
      throw new Error('expected an error');
    } catch (e) {
      expect((e as Error).message).toMatch(/^judge\.model \(TEACHBACK_JUDGE_MODEL\): /);
      expect((e as Error).message).not.toMatch(/sekret/);
    }
  });
});
