// The http engine wired from environment variables through the whole pipeline: a stereo μ-law
// recording is split by channel and each speech chunk is uploaded to a local fake
// OpenAI-compatible service, whose chunk-relative times land on the call's timeline.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeWav, encodeWav } from '../src/audio/wav';
import { transcribeAudioFile } from '../src/transcribe';

const RATE = 8000;

function burst(ms: number): Float32Array {
  return Float32Array.from({ length: (RATE * ms) / 1000 }, (_, i) => 0.3 * Math.sin(i / 3));
}

describe('http engine through transcribeAudioFile', () => {
  let server: Server;
  let url: string;
  let dir: string;
  const uploads: Array<{ auth: string | undefined; durationMs: number }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (d: Buffer) => parts.push(d));
      req.on('end', () => {
        const body = Buffer.concat(parts);
        const at = body.indexOf('RIFF');
        const wav = decodeWav(body.subarray(at));
        const durationMs = wav.durationMs;
        uploads.push({ auth: req.headers['authorization'], durationMs });
        // Speech sits 200 ms into every chunk (the pad before it); answer with one segment there.
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            text: 'hello',
            segments: [
              {
                start: 0.2,
                end: durationMs / 1000 - 0.2,
                text: ` chunk ${uploads.length} of the synthetic call`,
                avg_logprob: -0.05,
              },
            ],
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = await mkdtemp(join(tmpdir(), 'http-pipeline-'));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads one chunk per speech stretch and puts the answers on the timeline by speaker', async () => {
    const left = new Float32Array(RATE * 20);
    const right = new Float32Array(RATE * 20);
    left.set(burst(2000), RATE * 1); // customer 1-3 s
    right.set(burst(3000), RATE * 4); // agent 4-7 s
    left.set(burst(1000), RATE * 15); // customer 15-16 s, after a long silence
    const file = join(dir, 'call.wav');
    await writeFile(file, encodeWav([left, right], RATE, 'ulaw'));

    const t = await transcribeAudioFile(file, {
      source: 'genesys',
      settings: { engine: 'http', http: { url, apiKey: 'sk-local' } },
    });
    expect(uploads).toHaveLength(3);
    expect(uploads.every((u) => u.auth === 'Bearer sk-local')).toBe(true);
    expect(t.engine).toBe('http:whisper-1');
    expect(t.utterances.map((u) => u.speaker)).toEqual(['customer', 'agent', 'customer']);
    const starts = t.utterances.map((u) => u.startMs!);
    expect(Math.abs(starts[0]! - 1000)).toBeLessThanOrEqual(50);
    expect(Math.abs(starts[1]! - 4000)).toBeLessThanOrEqual(50);
    expect(Math.abs(starts[2]! - 15000)).toBeLessThanOrEqual(50);
    expect(t.confidence).toBeCloseTo(Math.exp(-0.05));
    expect(t.needsReview).toBe(false);
  });
});
