import { loadTranscriptionConfig } from './config';
import { createTranscriber } from './engines';

describe('loadTranscriptionConfig', () => {
  it('defaults to the offline sphinx engine and the Genesys channel layout', () => {
    const c = loadTranscriptionConfig({});
    expect(c).toMatchObject({
      engine: 'sphinx',
      language: 'en',
      channels: 'customer-left',
      five9Channels: 'agent-left',
    });
    expect(createTranscriber(c).engine).toBe('sphinx');
  });

  it('reads every engine setting from the environment, and overrides win', () => {
    const c = loadTranscriptionConfig(
      {
        TEACHBACK_TRANSCRIBE_ENGINE: 'http',
        TEACHBACK_TRANSCRIBE_URL: 'https://asr.example.org/v1',
        TEACHBACK_TRANSCRIBE_API_KEY: 'sk-secret',
        TEACHBACK_TRANSCRIBE_MODEL: 'whisper-large-v3',
        TEACHBACK_TRANSCRIBE_TIMEOUT_MS: '30000',
        TEACHBACK_FIVE9_CHANNELS: 'customer-left',
        TEACHBACK_WHISPER_MODEL_PATH: '/models/ggml-base.en.bin',
        TEACHBACK_SPHINX_COMMAND: '/opt/bin/pocketsphinx_continuous',
      },
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
    expect(() => loadTranscriptionConfig({ TEACHBACK_TRANSCRIBE_URL: 'http://asr.example.org' })).toThrow(
      expect.objectContaining({
        code: 'CONFIG.INVALID',
        message: expect.stringMatching(/field http\.url \(TEACHBACK_TRANSCRIBE_URL\): must be https/),
      }),
    );
    expect(loadTranscriptionConfig({ TEACHBACK_TRANSCRIBE_URL: 'http://127.0.0.1:8080' }).http.url).toBe(
      'http://127.0.0.1:8080',
    );
  });

  it('names the field and variable for a bad engine and never echoes secrets', () => {
    let message = '';
    try {
      loadTranscriptionConfig({ TEACHBACK_TRANSCRIBE_ENGINE: 'sk-oops-a-secret' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/field engine \(TEACHBACK_TRANSCRIBE_ENGINE\)/);
    expect(message).not.toMatch(/sk-oops/);
  });

  it('requires a URL for the http engine', () => {
    expect(() => createTranscriber(loadTranscriptionConfig({ TEACHBACK_TRANSCRIBE_ENGINE: 'http' }))).toThrow(
      /TEACHBACK_TRANSCRIBE_URL/,
    );
  });
});
