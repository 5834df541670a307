import { loadSettings } from '@teachback/config';
import { transcriptionConfig } from './config';
import { createTranscriber } from './engines';

const fromEnv = (env: Record<string, string>) => loadSettings({ env }).transcription;

describe('transcriptionConfig', () => {
  it('defaults to the offline sphinx engine and the Genesys channel layout', () => {
    const c = transcriptionConfig();
    expect(c).toMatchObject({
      engine: 'sphinx',
      language: 'en',
      channels: 'customer-left',
      five9Channels: 'agent-left',
    });
    expect(createTranscriber(c).engine).toBe('sphinx');
  });

  it('builds on the settings, and overrides win', () => {
    const c = transcriptionConfig(
      fromEnv({
        TEACHBACK_TRANSCRIBE_ENGINE: 'http',
        TEACHBACK_TRANSCRIBE_URL: 'https://asr.example.org/v1',
        TEACHBACK_TRANSCRIBE_API_KEY: 'sk-secret',
        TEACHBACK_TRANSCRIBE_MODEL: 'whisper-large-v3',
        TEACHBACK_TRANSCRIBE_TIMEOUT_MS: '30000',
        TEACHBACK_FIVE9_CHANNELS: 'customer-left',
        TEACHBACK_WHISPER_MODEL_PATH: '/models/ggml-base.en.bin',
        TEACHBACK_SPHINX_COMMAND: '/opt/bin/pocketsphinx_continuous',
      }),
      { http: { model: 'distil-whisper' } },
    );
    expect(c.http).toMatchObject({
      url: 'https://asr.example.org/v1',
      apiKey: 'sk-secret',
      model: 'distil-whisper',
      timeoutMs: 30000,
    });
    expect(c.five9Channels).toBe('customer-left');
    expect(c.whisper.modelPath).toBe('/models/ggml-base.en.bin');
    expect(c.sphinx.command).toBe('/opt/bin/pocketsphinx_continuous');
    expect(createTranscriber(c).engine).toBe('http:distil-whisper');
  });

  it('rejects plain http to another machine because recordings are PHI, but allows loopback', () => {
    expect(() => transcriptionConfig({}, { http: { url: 'http://asr.example.org' } })).toThrow(
      expect.objectContaining({
        code: 'CONFIG.INVALID',
        message: expect.stringMatching(
          /transcription\.http\.url \(TEACHBACK_TRANSCRIBE_URL\): must be https/,
        ),
      }),
    );
    expect(transcriptionConfig({}, { http: { url: 'http://127.0.0.1:8080' } }).http.url).toBe(
      'http://127.0.0.1:8080',
    );
  });

  it('names the setting for a bad engine override and never echoes it', () => {
    let message = '';
    try {
      transcriptionConfig({}, { engine: 'sk-oops-a-secret' as 'http' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/transcription\.engine \(TEACHBACK_TRANSCRIBE_ENGINE\)/);
    expect(message).not.toMatch(/sk-oops/);
  });

  it('requires a URL for the http engine', () => {
    expect(() => createTranscriber(transcriptionConfig({}, { engine: 'http' }))).toThrow(
      /TEACHBACK_TRANSCRIBE_URL/,
    );
  });
});
