import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WhisperTranscriber, type WhisperBinding } from './whisper';

const audio = { sampleRate: 16000, samples: new Float32Array(1600) };

describe('WhisperTranscriber', () => {
  let dir: string;
  let model: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'whisper-test-'));
    model = join(dir, 'ggml-test.bin');
    await writeFile(model, 'not really a model');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('asks for TEACHBACK_WHISPER_MODEL_PATH when no model is configured', async () => {
    await expect(new WhisperTranscriber({}).recognize(audio)).rejects.toMatchObject({
      code: 'TRANSCRIBE.MODEL_MISSING',
      message: expect.stringMatching(/TEACHBACK_WHISPER_MODEL_PATH/),
    });
  });

  it('fails clearly when the model file does not exist, and never downloads one', async () => {
    await expect(
      new WhisperTranscriber({ modelPath: join(dir, 'missing.bin') }).recognize(audio),
    ).rejects.toMatchObject({
      code: 'TRANSCRIBE.MODEL_MISSING',
      message: expect.stringMatching(/does not exist.*never downloads/),
    });
  });

  it('explains how to install the binding when it is absent', async () => {
    // The binding is an optional peer dependency and is not installed in this workspace.
    await expect(new WhisperTranscriber({ modelPath: model }).recognize(audio)).rejects.toMatchObject({
      code: 'TRANSCRIBE.ENGINE_UNAVAILABLE',
      message: expect.stringMatching(/npm install @fugood\/whisper\.node/),
    });
  });

  it('reports a model the binding cannot load', async () => {
    const binding: WhisperBinding = { initWhisper: () => Promise.reject(new Error('bad magic')) };
    await expect(
      new WhisperTranscriber({ modelPath: model, loadBinding: () => binding }).recognize(audio),
    ).rejects.toMatchObject({
      code: 'TRANSCRIBE.MODEL_INVALID',
    });
  });

  it('maps the binding ms segment times to spans and drops non-speech tags', async () => {
    const files: string[] = [];
    const binding: WhisperBinding = {
      initWhisper: async () => ({
        transcribeFile: (file) => {
          files.push(file);
          return {
            stop: async () => undefined,
            promise: Promise.resolve({
              result: 'hello there [BLANK_AUDIO]',
              segments: [
                { text: ' Hello there.', t0: 120, t1: 1500 },
                { text: ' [BLANK_AUDIO]', t0: 1500, t1: 3000 },
              ],
            }),
          };
        },
        release: async () => undefined,
      }),
    };
    const engine = new WhisperTranscriber({ modelPath: model, loadBinding: () => binding });
    expect(await engine.recognize(audio, { language: 'en-US' })).toEqual([
      { text: 'Hello there.', startMs: 120, endMs: 1500 },
    ]);
    expect(files[0]).toMatch(/chunk\.wav$/);
    await engine.release();
  });
});
