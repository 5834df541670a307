import { spawn } from 'node:child_process';
import { TeachbackError } from '@teachback/core';
import { resample } from './audio/resample';
import { decodeWav, encodeWav } from './audio/wav';

export interface DialogueLine {
  speaker: 'agent' | 'customer';
  text: string;
}

export interface ScriptedUtterance extends DialogueLine {
  startMs: number;
  endMs: number;
}

export interface SynthesizedDialogue {
  wav: Buffer;
  script: ScriptedUtterance[];
  durationMs: number;
}

export interface SynthesisOptions {
  sampleRate?: number;
  encoding?: 'pcm16' | 'ulaw';
  /** `customer-left` is the Genesys layout; `mono` mixes both parties into one channel. */
  layout?: 'customer-left' | 'agent-left' | 'mono';
  gapMs?: number;
  /** espeak-ng words per minute. */
  wordsPerMinute?: number;
  agentVoice?: string;
  customerVoice?: string;
}

function speak(text: string, voice: string, wpm: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('espeak-ng', ['-v', voice, '-s', String(wpm), '--stdout', text], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const parts: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => parts.push(d));
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        new TeachbackError(
          'TRANSCRIBE.ENGINE_UNAVAILABLE',
          err.code === 'ENOENT'
            ? 'espeak-ng not found; install the Debian package espeak-ng'
            : `espeak-ng: ${err.message}`,
          { cause: err },
        ),
      ),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(parts))
        : reject(new TeachbackError('TRANSCRIBE.ENGINE_FAILED', `espeak-ng exited with code ${code}`)),
    );
  });
}

/**
 * Speaks a scripted call with espeak-ng, one voice per party, and lays it out like a telephony
 * recording: each party on its own channel (or mixed), 8 kHz, PCM or μ-law. Returns the script
 * with the true start and end of every line, which tests and the benchmark compare against.
 * Synthetic speech, synthetic people: no recording of a real call is ever needed.
 */
export async function synthesizeDialogue(
  lines: readonly DialogueLine[],
  options: SynthesisOptions = {},
): Promise<SynthesizedDialogue> {
  const rate = options.sampleRate ?? 8000;
  const gap = options.gapMs ?? 700;
  const wpm = options.wordsPerMinute ?? 150;
  const layout = options.layout ?? 'customer-left';
  const leadIn = 500;
  const voices = { agent: options.agentVoice ?? 'en-us', customer: options.customerVoice ?? 'en-us+m3' };

  const rendered: Array<{ line: DialogueLine; samples: Float32Array }> = [];
  for (const line of lines) {
    const decoded = decodeWav(await speak(line.text, voices[line.speaker], wpm));
    const samples = resample(decoded.channels[0]!, decoded.sampleRate, rate);
    // espeak-ng pads each utterance with silence; trim it so the script times are the speech.
    let a = 0;
    let b = samples.length;
    while (a < b && Math.abs(samples[a]!) < 1e-3) a++;
    while (b > a && Math.abs(samples[b - 1]!) < 1e-3) b--;
    rendered.push({ line, samples: samples.subarray(a, b) });
  }
  const total =
    rendered.reduce((n, r) => n + r.samples.length, 0) +
    Math.round(((leadIn * 2 + gap * lines.length) * rate) / 1000);
  const agent = new Float32Array(total);
  const customer = new Float32Array(total);
  const script: ScriptedUtterance[] = [];
  let at = Math.round((leadIn * rate) / 1000);
  for (const { line, samples } of rendered) {
    (line.speaker === 'agent' ? agent : customer).set(samples, at);
    script.push({
      ...line,
      startMs: Math.round((at / rate) * 1000),
      endMs: Math.round(((at + samples.length) / rate) * 1000),
    });
    at += samples.length + Math.round((gap * rate) / 1000);
  }
  // Telephone lines are never digitally silent; a faint deterministic hiss keeps the
  // voice-activity detector honest.
  let seed = 12345;
  const hiss = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed / 0x7fffffff - 0.5) * 0.002;
  };
  for (let i = 0; i < total; i++) {
    agent[i]! += hiss();
    customer[i]! += hiss();
  }
  let channels: Float32Array[];
  if (layout === 'mono') {
    const mixed = new Float32Array(total);
    for (let i = 0; i < total; i++) mixed[i] = agent[i]! + customer[i]!;
    channels = [mixed];
  } else channels = layout === 'customer-left' ? [customer, agent] : [agent, customer];
  return {
    wav: encodeWav(channels, rate, options.encoding ?? 'pcm16'),
    script,
    durationMs: Math.round((total / rate) * 1000),
  };
}

/** A short scripted healthcare call used by tests and the benchmark. Synthetic people only. */
export const SAMPLE_CALLS: ReadonlyArray<{ name: string; lines: readonly DialogueLine[] }> = [
  {
    name: 'refill',
    lines: [
      {
        speaker: 'agent',
        text: 'Thank you for calling the pharmacy. This call may be recorded for quality.',
      },
      { speaker: 'customer', text: 'Hello, I need to refill my blood pressure medicine.' },
      { speaker: 'agent', text: 'I can help with that. Can you confirm your date of birth?' },
      { speaker: 'customer', text: 'Yes, it is March third, nineteen eighty.' },
      { speaker: 'agent', text: 'Thank you. Your refill will be ready tomorrow morning.' },
    ],
  },
  {
    name: 'appointment',
    lines: [
      { speaker: 'agent', text: 'Good morning, this is the clinic. How can I help you today?' },
      { speaker: 'customer', text: 'I would like to move my appointment to next week.' },
      { speaker: 'agent', text: 'Sure. Is Tuesday at ten in the morning good for you?' },
      { speaker: 'customer', text: 'Tuesday works. Thank you very much.' },
    ],
  },
];
