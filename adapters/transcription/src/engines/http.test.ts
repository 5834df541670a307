import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpTranscriber, spansFromVerboseJson, transcriptionEndpoint } from './http';

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;

/** A local stand-in for an OpenAI-compatible transcription service, on an ephemeral port. */
class FakeService {
  private server: Server | undefined;
  readonly requests: Array<{ url: string; headers: IncomingMessage['headers']; body: string }> = [];
  /** Requests whose headers arrived, whether or not their body did before the client gave up. */
  arrived = 0;
  private handlers: Handler[] = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.arrived++;
      const parts: Buffer[] = [];
      req.on('data', (d: Buffer) => parts.push(d));
      req.on('end', () => {
        const body = Buffer.concat(parts);
        this.requests.push({ url: req.url ?? '', headers: req.headers, body: body.toString('latin1') });
        const handler = this.handlers.shift();
        if (!handler) {
          res.writeHead(500).end();
          return;
        }
        handler(req, body, res);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  then(...handlers: Handler[]): this {
    this.handlers.push(...handlers);
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

const VERBOSE = {
  task: 'transcribe',
  language: 'english',
  duration: 2.5,
  text: 'Thank you for calling. How can I help?',
  segments: [
    { id: 0, start: 0.2, end: 1.4, text: ' Thank you for calling.', avg_logprob: -0.1, no_speech_prob: 0.01 },
    { id: 1, start: 1.6, end: 2.4, text: ' How can I help?', avg_logprob: -1.2, no_speech_prob: 0.5 },
  ],
  words: [
    { word: 'Thank', start: 0.2, end: 0.45 },
    { word: 'you', start: 0.45, end: 0.6 },
    { word: 'for', start: 0.6, end: 0.8 },
    { word: 'calling.', start: 0.8, end: 1.4 },
    { word: 'How', start: 1.6, end: 1.8 },
    { word: 'can', start: 1.8, end: 1.95 },
    { word: 'I', start: 1.95, end: 2.05 },
    { word: 'help?', start: 2.05, end: 2.4 },
  ],
};

const ok: Handler = (_req, _body, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(VERBOSE));
};
const status =
  (code: number, headers: Record<string, string> = {}): Handler =>
  (_req, _body, res) => {
    res
      .writeHead(code, { 'content-type': 'application/json', ...headers })
      .end('{"error":{"message":"nope"}}');
  };

const audio = { sampleRate: 16000, samples: new Float32Array(16000) };

describe('HttpTranscriber against a fake OpenAI-compatible service', () => {
  let service: FakeService;
  let url: string;
  const sleeps: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
  };

  beforeEach(async () => {
    service = new FakeService();
    url = await service.start();
    sleeps.length = 0;
  });
  afterEach(async () => {
    await service.stop();
  });

  it('uploads a WAV with verbose_json and word+segment timestamps and maps the answer to spans', async () => {
    service.then(ok);
    const engine = new HttpTranscriber({ url, apiKey: 'sk-test', model: 'whisper-large-v3', sleep });
    const spans = await engine.recognize(audio, { language: 'en-US' });

    expect(engine.engine).toBe('http:whisper-large-v3');
    const [req] = service.requests;
    expect(req!.url).toBe('/v1/audio/transcriptions');
    expect(req!.headers['authorization']).toBe('Bearer sk-test');
    expect(req!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(req!.body).toMatch(/name="model"\r\n\r\nwhisper-large-v3\r\n/);
    expect(req!.body).toMatch(/name="response_format"\r\n\r\nverbose_json\r\n/);
    expect(req!.body.match(/name="timestamp_granularities\[\]"\r\n\r\n(\w+)/g)).toHaveLength(2);
    expect(req!.body).toMatch(/name="language"\r\n\r\nen\r\n/);
    expect(req!.body).toMatch(/filename="chunk.wav"\r\nContent-Type: audio\/wav\r\n\r\nRIFF/);

    expect(spans).toHaveLength(2);
    expect(spans[0]).toMatchObject({ text: 'Thank you for calling.', startMs: 200, endMs: 1400 });
    expect(spans[0]!.words!.map((w) => w.text)).toEqual(['Thank', 'you', 'for', 'calling.']);
    expect(spans[0]!.confidence).toBeCloseTo(Math.exp(-0.1) * 0.99);
    expect(spans[1]!.confidence).toBeCloseTo(Math.exp(-1.2) * 0.5);
    expect(spans[1]!.words).toHaveLength(4);
  });

  it('sends the key as api-key for Azure OpenAI and keeps a full endpoint path', async () => {
    service.then(ok);
    const engine = new HttpTranscriber({
      url: `${url}/openai/deployments/whisper/audio/transcriptions?api-version=2024-06-01`,
      apiKey: 'azure-key',
      auth: 'api-key',
    });
    await engine.recognize(audio);
    expect(service.requests[0]!.url).toBe(
      '/openai/deployments/whisper/audio/transcriptions?api-version=2024-06-01',
    );
    expect(service.requests[0]!.headers['api-key']).toBe('azure-key');
    expect(service.requests[0]!.headers['authorization']).toBeUndefined();
  });

  it('retries a 500 and then succeeds', async () => {
    service.then(status(500), ok);
    const spans = await new HttpTranscriber({ url, sleep, maxAttempts: 3 }).recognize(audio);
    expect(spans).toHaveLength(2);
    expect(service.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });

  it('honours Retry-After on 429', async () => {
    service.then(status(429, { 'retry-after': '2' }), ok);
    await new HttpTranscriber({ url, sleep }).recognize(audio);
    expect(sleeps).toEqual([2000]);
  });

  it('gives up after maxAttempts with a coded error that carries the status and no body', async () => {
    service.then(status(503), status(503));
    const err = await new HttpTranscriber({ url, sleep, maxAttempts: 2 })
      .recognize(audio)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TRANSCRIBE.SERVICE_UNAVAILABLE', status: 503 });
    expect(String((err as Error).message)).not.toMatch(/nope/);
    expect(service.requests).toHaveLength(2);
  });

  it('does not retry a wrong API key', async () => {
    service.then(status(401), ok);
    await expect(new HttpTranscriber({ url, apiKey: 'bad', sleep }).recognize(audio)).rejects.toMatchObject({
      code: 'TRANSCRIBE.AUTH_FAILED',
      status: 401,
    });
    expect(service.requests).toHaveLength(1);
  });

  it('does not retry a rejected request', async () => {
    service.then(status(400), ok);
    await expect(new HttpTranscriber({ url, sleep }).recognize(audio)).rejects.toMatchObject({
      code: 'TRANSCRIBE.REQUEST_REJECTED',
    });
    expect(service.requests).toHaveLength(1);
  });

  it('times out a service that never answers, retries, then fails with TRANSCRIBE.TIMEOUT', async () => {
    const hang: Handler = () => undefined;
    service.then(hang, hang);
    await expect(
      new HttpTranscriber({ url, sleep, timeoutMs: 1_000, maxAttempts: 2 }).recognize(audio),
    ).rejects.toMatchObject({ code: 'TRANSCRIBE.TIMEOUT' });
    // Counted on arrival: on a busy machine the body may not be in before the client gives up.
    expect(service.arrived).toBe(2);
  });

  it('recovers from a connection reset', async () => {
    const reset: Handler = (req) => req.socket.destroy();
    service.then(reset, ok);
    const spans = await new HttpTranscriber({ url, sleep }).recognize(audio);
    expect(spans).toHaveLength(2);
    expect(service.requests).toHaveLength(2);
  });

  it('reports a malformed answer without retrying', async () => {
    service.then((_q, _b, res) => res.writeHead(200).end('{"segments":"x"}'));
    await expect(new HttpTranscriber({ url, sleep }).recognize(audio)).rejects.toMatchObject({
      code: 'TRANSCRIBE.BAD_RESPONSE',
      message: expect.stringMatching(/field text/),
    });
    service.then((_q, _b, res) => res.writeHead(200).end('not json'));
    await expect(new HttpTranscriber({ url, sleep }).recognize(audio)).rejects.toMatchObject({
      code: 'TRANSCRIBE.BAD_RESPONSE',
    });
  });

  it('stops at once when the caller cancels', async () => {
    service.then(() => undefined, ok);
    const controller = new AbortController();
    const pending = new HttpTranscriber({ url, sleep, timeoutMs: 10_000 }).recognize(audio, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow();
    expect(service.requests).toHaveLength(1);
  });
});

describe('verbose_json mapping', () => {
  it('uses word probabilities (whisper.cpp server) and nested segment words', () => {
    const spans = spansFromVerboseJson({
      text: 'yes',
      segments: [
        {
          start: 1,
          end: 1.5,
          text: ' yes',
          avg_logprob: -0.3,
          words: [{ word: ' yes', start: 1, end: 1.5, probability: 0.42 }],
        },
      ],
    });
    expect(spans).toEqual([
      {
        text: 'yes',
        startMs: 1000,
        endMs: 1500,
        words: [{ text: 'yes', startMs: 1000, endMs: 1500, confidence: 0.42 }],
      },
    ]);
  });

  it('falls back to the text when a server returns no segments', () => {
    expect(spansFromVerboseJson({ text: ' hello ', duration: 2 })).toEqual([
      { text: 'hello', startMs: 0, endMs: 2000 },
    ]);
    expect(spansFromVerboseJson({ text: '  ' })).toEqual([]);
  });

  it('resolves the endpoint from a base URL, a /v1 URL or the full path', () => {
    expect(transcriptionEndpoint('https://asr.example.org')).toBe(
      'https://asr.example.org/v1/audio/transcriptions',
    );
    expect(transcriptionEndpoint('https://asr.example.org/v1/')).toBe(
      'https://asr.example.org/v1/audio/transcriptions',
    );
    expect(transcriptionEndpoint('http://127.0.0.1:8080/inference/audio/transcriptions')).toBe(
      'http://127.0.0.1:8080/inference/audio/transcriptions',
    );
  });
});
