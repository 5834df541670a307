// npm run bench:transcribe — speed and accuracy of every transcription engine available here, on
// calls synthesized with espeak-ng (synthetic people, scripted words, known timing).
//
// Speed is reported both ways: `x realtime` = audio seconds per processing second (higher is
// faster), and the conventional RTF = processing seconds per audio second (lower is faster).
// Engines: sphinx when pocketsphinx is installed; http when TEACHBACK_TRANSCRIBE_URL is set;
// whisper when TEACHBACK_WHISPER_MODEL_PATH is set and @fugood/whisper.node is installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wordErrorRate, type Transcriber } from '@teachback/core';
import { loadSettings } from '@teachback/config';
import { transcriptionConfig, type EngineName } from '../config';
import { createTranscriber, loadWhisperBinding } from '../engines';
import { SAMPLE_CALLS, synthesizeDialogue, type SynthesisOptions } from '../synthetic-dialogue';
import { transcribeRecording } from '../transcribe';

const VARIANTS: Array<{ name: string; options: SynthesisOptions }> = [
  { name: '8k-pcm', options: { sampleRate: 8000, encoding: 'pcm16' } },
  { name: '8k-ulaw', options: { sampleRate: 8000, encoding: 'ulaw' } },
  { name: '16k-pcm', options: { sampleRate: 16000, encoding: 'pcm16' } },
];

function available(engine: EngineName): string | undefined {
  const config = transcriptionConfig(loadSettings().transcription);
  if (engine === 'sphinx') {
    const probe = spawnSync(config.sphinx.command, [], { stdio: 'ignore' });
    return probe.error ? `${config.sphinx.command} not installed` : undefined;
  }
  if (engine === 'http') return config.http.url ? undefined : 'TEACHBACK_TRANSCRIBE_URL not set';
  if (!config.whisper.modelPath || !existsSync(config.whisper.modelPath))
    return 'TEACHBACK_WHISPER_MODEL_PATH not set';
  try {
    loadWhisperBinding();
    return undefined;
  } catch {
    return '@fugood/whisper.node not installed';
  }
}

interface Row {
  engine: string;
  variant: string;
  audioS: number;
  wallS: number;
  wer: number;
  agentWer: number;
  customerWer: number;
  confidence: number | undefined;
  needsReview: boolean;
  speakersRight: number;
  lines: number;
}

async function main(): Promise<void> {
  if (spawnSync('espeak-ng', ['--version'], { stdio: 'ignore' }).error) {
    console.error('bench:transcribe needs espeak-ng (Debian package espeak-ng) to synthesize the test calls');
    process.exitCode = 1;
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'teachback-bench-'));
  const rows: Row[] = [];
  try {
    const files: Array<{
      variant: string;
      call: string;
      path: string;
      script: Awaited<ReturnType<typeof synthesizeDialogue>>['script'];
      durationMs: number;
    }> = [];
    for (const variant of VARIANTS) {
      for (const call of SAMPLE_CALLS) {
        const d = await synthesizeDialogue(call.lines, { ...variant.options, layout: 'customer-left' });
        const path = join(dir, `${call.name}-${variant.name}.wav`);
        await writeFile(path, d.wav);
        files.push({
          variant: variant.name,
          call: call.name,
          path,
          script: d.script,
          durationMs: d.durationMs,
        });
      }
    }
    for (const engine of ['sphinx', 'http', 'whisper'] as const) {
      const missing = available(engine);
      if (missing) {
        console.log(`${engine}: skipped (${missing})`);
        continue;
      }
      const transcriber: Transcriber = createTranscriber(
        transcriptionConfig(loadSettings().transcription),
        engine,
      );
      for (const f of files) {
        const started = performance.now();
        const r = await transcribeRecording(f.path, { transcriber, source: 'genesys' });
        const wallS = (performance.now() - started) / 1000;
        const text = (who?: string): [string, string] => [
          f.script
            .filter((l) => !who || l.speaker === who)
            .map((l) => l.text)
            .join(' '),
          r.transcript.utterances
            .filter((u) => !who || u.speaker === who)
            .map((u) => u.text)
            .join(' '),
        ];
        let speakersRight = 0;
        for (const line of f.script) {
          const hit = r.transcript.utterances.find(
            (u) =>
              Math.min(line.endMs, u.endMs!) - Math.max(line.startMs, u.startMs!) > 0 &&
              u.speaker === line.speaker,
          );
          if (hit) speakersRight++;
        }
        rows.push({
          engine: transcriber.engine,
          variant: `${f.call}/${f.variant}`,
          audioS: f.durationMs / 1000,
          wallS,
          wer: wordErrorRate(...text()).wer,
          agentWer: wordErrorRate(...text('agent')).wer,
          customerWer: wordErrorRate(...text('customer')).wer,
          confidence: r.transcript.confidence,
          needsReview: r.transcript.needsReview ?? false,
          speakersRight,
          lines: f.script.length,
        });
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const pad = (s: string | number, n: number): string => String(s).padEnd(n);
  console.log(
    `\n${pad('engine', 16)}${pad('call/variant', 22)}${pad('audio s', 9)}${pad('x realtime', 12)}${pad('RTF', 7)}${pad('WER', 7)}${pad('agent', 7)}${pad('cust.', 7)}${pad('conf', 6)}${pad('review', 8)}speaker+timing`,
  );
  for (const r of rows) {
    console.log(
      `${pad(r.engine, 16)}${pad(r.variant, 22)}${pad(r.audioS.toFixed(1), 9)}${pad((r.audioS / r.wallS).toFixed(2), 12)}${pad((r.wallS / r.audioS).toFixed(2), 7)}${pad(r.wer.toFixed(2), 7)}${pad(r.agentWer.toFixed(2), 7)}${pad(r.customerWer.toFixed(2), 7)}${pad(r.confidence === undefined ? '-' : r.confidence.toFixed(2), 6)}${pad(r.needsReview ? 'yes' : 'no', 8)}${r.speakersRight}/${r.lines}`,
    );
  }
  const engines = [...new Set(rows.map((r) => r.engine))];
  const summary = engines.map((engine) => {
    const mine = rows.filter((r) => r.engine === engine);
    const audio = mine.reduce((s, r) => s + r.audioS, 0);
    const wall = mine.reduce((s, r) => s + r.wallS, 0);
    const byVariant = Object.fromEntries(
      VARIANTS.map((v) => {
        const vs = mine.filter((r) => r.variant.endsWith(`/${v.name}`));
        return [v.name, Number((vs.reduce((s, r) => s + r.wer, 0) / Math.max(1, vs.length)).toFixed(3))];
      }),
    );
    return {
      engine,
      audioSeconds: Number(audio.toFixed(1)),
      xRealtime: Number((audio / wall).toFixed(2)),
      rtf: Number((wall / audio).toFixed(3)),
      meanWer: Number((mine.reduce((s, r) => s + r.wer, 0) / mine.length).toFixed(3)),
      werByVariant: byVariant,
      flaggedForReview: `${mine.filter((r) => r.needsReview).length}/${mine.length}`,
    };
  });
  console.log(`\n${JSON.stringify({ bench: 'transcribe', summary }, null, 2)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
