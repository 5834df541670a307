import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSphinxOutput, SphinxTranscriber } from './sphinx';

const OUTPUT = `thank you for calling
<s> 0.000 0.040 0.998801
thank 0.050 0.310 0.633699
<sil> 0.320 0.360 0.989950
you(2) 0.370 0.540 0.924586
[NOISE] 0.550 0.600 0.5
for 0.610 0.750 0.482013
calling 0.760 1.130 0.418198
</s> 1.140 1.500 1.000000
yes
<s> 3.000 3.050 0.999
yes 3.060 3.400 0.91
</s> 3.410 3.600 1.0
`;

describe('parseSphinxOutput', () => {
  it('turns each <s>..</s> block into a span with timed, scored words and no fillers', () => {
    const spans = parseSphinxOutput(OUTPUT);
    expect(spans).toHaveLength(2);
    expect(spans[0]).toMatchObject({ text: 'thank you for calling', startMs: 50, endMs: 1130 });
    expect(spans[0]!.words!.map((w) => [w.text, w.confidence])).toEqual([
      ['thank', 0.633699],
      ['you', 0.924586],
      ['for', 0.482013],
      ['calling', 0.418198],
    ]);
    expect(spans[1]).toMatchObject({ text: 'yes', startMs: 3060, endMs: 3400 });
  });

  it('returns nothing for silence-only output', () => {
    expect(parseSphinxOutput('\n<s> 0.000 0.040 0.99\n<sil> 0.05 1.0 0.99\n</s> 1.0 1.2 1.0\n')).toEqual([]);
  });
});

describe('SphinxTranscriber process handling', () => {
  const audio = { sampleRate: 16000, samples: new Float32Array(1600) };

  it('says which Debian packages to install when the command is missing', async () => {
    await expect(
      new SphinxTranscriber({ command: 'teachback-no-such-pocketsphinx' }).recognize(audio),
    ).rejects.toMatchObject({
      code: 'TRANSCRIBE.ENGINE_UNAVAILABLE',
      message: expect.stringMatching(/pocketsphinx-en-us/),
    });
  });

  it('reports a failing process with its exit code', async () => {
    await expect(new SphinxTranscriber({ command: 'false' }).recognize(audio)).rejects.toMatchObject({
      code: 'TRANSCRIBE.ENGINE_FAILED',
      details: { exitCode: 1 },
    });
  });

  it('reports a bad model directory from pocketsphinx itself', async () => {
    await expect(new SphinxTranscriber({ hmm: '/nonexistent/model' }).recognize(audio)).rejects.toMatchObject(
      {
        code: 'TRANSCRIBE.ENGINE_FAILED',
      },
    );
  });

  it('kills a process that runs past the timeout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sphinx-test-'));
    const script = join(dir, 'slow-sphinx');
    await writeFile(script, '#!/bin/sh\nexec sleep 5\n', { mode: 0o755 });
    try {
      await expect(
        new SphinxTranscriber({ command: script, timeoutMs: 200 }).recognize(audio),
      ).rejects.toMatchObject({
        code: 'TRANSCRIBE.TIMEOUT',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
