// espeak-ng speaks a scripted call, the sphinx engine transcribes it, and we check speakers,
// timing and word error rate against the script. Needs the Debian packages espeak-ng, pocketsphinx
// and pocketsphinx-en-us (.ci/run installs them).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wordErrorRate, type Utterance } from '@teachback/core';
import { SphinxTranscriber } from '../src/engines/sphinx';
import { synthesizeDialogue, SAMPLE_CALLS, type ScriptedUtterance } from '../src/synthetic-dialogue';
import { transcribeRecording } from '../src/transcribe';

jest.setTimeout(120_000);

const refill = SAMPLE_CALLS.find((c) => c.name === 'refill')!;
const call = SAMPLE_CALLS.find((c) => c.name === 'appointment')!;

/** The utterance that overlaps a scripted line the most. */
function bestMatch(line: ScriptedUtterance, utterances: readonly Utterance[]): Utterance | undefined {
  let best: Utterance | undefined;
  let bestOverlap = 0;
  for (const u of utterances) {
    const overlap = Math.min(line.endMs, u.endMs!) - Math.max(line.startMs, u.startMs!);
    if (overlap > bestOverlap) [best, bestOverlap] = [u, overlap];
  }
  return best;
}

function checkAgainstScript(script: readonly ScriptedUtterance[], utterances: readonly Utterance[]): void {
  for (const line of script) {
    const u = bestMatch(line, utterances);
    expect(u).toBeDefined();
    expect(u!.speaker).toBe(line.speaker);
    // Recognised speech starts and ends within a few hundred ms of where it was placed.
    expect(Math.abs(u!.startMs! - line.startMs)).toBeLessThanOrEqual(400);
    expect(Math.abs(u!.endMs! - line.endMs)).toBeLessThanOrEqual(600);
    expect(u!.confidence).toBeGreaterThanOrEqual(0);
  }
}

describe('espeak-ng dialogue → sphinx engine', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sphinx-dialogue-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['pcm16', 'ulaw'] as const)(
    '8 kHz stereo %s: speakers by channel, timing and WER',
    async (encoding) => {
      const d = await synthesizeDialogue(refill.lines, {
        encoding,
        sampleRate: 8000,
        layout: 'customer-left',
      });
      const file = join(dir, `call-${encoding}.wav`);
      await writeFile(file, d.wav);

      const r = await transcribeRecording(file, { engine: 'sphinx', source: 'genesys' });
      const t = r.transcript;
      expect(t).toMatchObject({ source: 'asr', engine: 'sphinx' });
      checkAgainstScript(d.script, t.utterances);

      // pocketsphinx on 8 kHz synthetic speech gets most words wrong (README: measured WER around
      // 0.8), so these bounds only catch a broken pipeline: silence, swapped or mixed channels and
      // garbage audio all give a WER of 1 or more and no correct words on the agent channel.
      const reference = d.script.map((l) => l.text).join(' ');
      const hypothesis = t.utterances.map((u) => u.text).join(' ');
      expect(wordErrorRate(reference, hypothesis).wer).toBeLessThan(1);
      const agentRef = d.script
        .filter((l) => l.speaker === 'agent')
        .map((l) => l.text)
        .join(' ');
      const agentHyp = t.utterances
        .filter((u) => u.speaker === 'agent')
        .map((u) => u.text)
        .join(' ');
      const agent = wordErrorRate(agentRef, agentHyp);
      expect(agent.wer).toBeLessThan(0.9);
      expect(agent.referenceWords - agent.substitutions - agent.deletions).toBeGreaterThanOrEqual(5);
      // Its confidence is scaled to its real accuracy, so a sphinx transcript goes to review.
      expect(t.needsReview).toBe(true);
      expect(t.reviewReasons!.length).toBeGreaterThan(0);
    },
  );

  it('mono recording: one speaker, unknown, still timed', async () => {
    const d = await synthesizeDialogue(call.lines.slice(0, 2), { layout: 'mono' });
    const file = join(dir, 'mono.wav');
    await writeFile(file, d.wav);
    const r = await transcribeRecording(file, { engine: 'sphinx' });
    expect(r.transcript.utterances.length).toBeGreaterThan(0);
    expect(r.transcript.utterances.every((u) => u.speaker === 'unknown' && u.channel === undefined)).toBe(
      true,
    );
    expect(Math.abs(r.transcript.utterances[0]!.startMs! - d.script[0]!.startMs)).toBeLessThanOrEqual(400);
  });

  it('a long call cut into short chunks re-assembles on the right timeline', async () => {
    const d = await synthesizeDialogue(call.lines, { encoding: 'ulaw', layout: 'agent-left' });
    const file = join(dir, 'chunked.wav');
    await writeFile(file, d.wav);
    // Force a chunk per line by giving the engine a short chunk limit.
    const sphinx = new SphinxTranscriber();
    const shortChunks = Object.assign(Object.create(sphinx) as SphinxTranscriber, { maxChunkMs: 4000 });
    const r = await transcribeRecording(file, { transcriber: shortChunks, channels: 'agent-left' });
    checkAgainstScript(d.script, r.transcript.utterances);
  });
});
