/**
 * `node core/dist/escalation/escalation.bench.js [calls]`: escalation detection over synthetic
 * 10-minute calls (150 utterances), next to a plain word-tokenising pass over the same text as
 * the floor. Prints figures only; nothing here is asserted.
 */
import type { Escalation } from '../model/escalation';
import type { Utterance } from '../model/transcript';
import { detectEscalations } from './monitor';

/** The detector under measurement: the cue rules alone unless a caller passes the learned one. */
export type Detector = (call: readonly Utterance[]) => Escalation[];

const AGENT = [
  'Thank you for calling, this call may be recorded for quality purposes.',
  'Can I have your full name and date of birth please?',
  'Thank you, I can see your appointment on the fourteenth at two thirty.',
  'Let me check on that prescription for you, one moment.',
  "I understand how frustrating that must be, I'm sorry about the wait.",
  'Your copay for that visit would be twenty five dollars.',
  'Is there anything else I can help you with today?',
  'Can you repeat back the instructions so I know I explained them clearly?',
  "I'm going to transfer you to a nurse who can answer that clinical question.",
  'The pharmacy should have your medication ready by tomorrow afternoon.',
  'Are you having any chest pain or trouble breathing right now?',
  'Take one tablet twice a day with food and call us if the rash gets worse.',
];
const CALLER = [
  "Hi yes I'm calling about my lab results from last week.",
  "Sure it's Jane Roe, March third nineteen seventy.",
  'Okay that works for me, thank you.',
  'I also needed a refill on my blood pressure medication.',
  'um yeah i have been waiting on hold for like twenty minutes',
  'so do I take it with food or without',
  'okay so take one in the morning and one at night with food',
  "No that's everything, thanks so much.",
  'my daughter has a cold and a cough, can she come in this week',
  "I got a bill for the visit and I don't understand the charges",
  'no chest pain, I just feel tired all the time',
  'this bill is killing me honestly',
  'what the hell, you charged me twice',
  'my mother had a stroke last year so I worry about my own pressure',
];
const CRISIS = [
  "I can't breathe and my chest hurts",
  "I don't want to be alive anymore",
  "I'm going to come down there and hurt you",
];

export function makeCall(seed: number): Utterance[] {
  const out: Utterance[] = [];
  for (let i = 0; i < 150; i++) {
    const agent = i % 2 === 0;
    const pool = agent ? AGENT : CALLER;
    // One call in fifty carries a real escalation.
    const text =
      !agent && seed % 50 === 0 && i === 75 ? CRISIS[seed % 3]! : pool[(i * 7 + seed) % pool.length]!;
    out.push({ speaker: agent ? 'agent' : 'customer', startMs: i * 4000, endMs: i * 4000 + 3500, text });
  }
  return out;
}

function tokenizeOnly(call: readonly Utterance[]): number {
  let words = 0;
  for (const u of call) {
    const t = u.text.toLowerCase();
    let inWord = false;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      const w = (c >= 97 && c <= 122) || c === 39;
      if (w && !inWord) words++;
      inWord = w;
    }
  }
  return words;
}

export function run(
  total: number,
  detect: Detector = (c) => detectEscalations(c),
  label = 'cue rules',
): void {
  const calls = Array.from({ length: 500 }, (_, i) => makeCall(i));
  for (let i = 0; i < 2000; i++) {
    detect(calls[i % calls.length]!);
    tokenizeOnly(calls[i % calls.length]!);
  }
  let sink = 0;
  let t0 = performance.now();
  for (let i = 0; i < total; i++) sink += tokenizeOnly(calls[i % calls.length]!);
  const tokenMs = performance.now() - t0;
  let found = 0;
  t0 = performance.now();
  // CPU time as well: on a shared machine the wall clock measures the neighbours too.
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < total; i++) found += detect(calls[i % calls.length]!).length;
  const detectMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(`escalation detection (${label}): ${total} calls x 150 utterances`);
  console.log(
    `  detect:        ${((total / detectMs) * 1000).toFixed(0)} calls/s (${((detectMs * 1000) / total).toFixed(1)} us/call), ${found} escalations`,
  );
  console.log(
    `  detect (CPU):  ${((total / cpuMs) * 1000).toFixed(0)} calls/s (${((cpuMs * 1000) / total).toFixed(1)} us/call of CPU)`,
  );
  console.log(
    `  tokenize only: ${((total / tokenMs) * 1000).toFixed(0)} calls/s (${((tokenMs * 1000) / total).toFixed(1)} us/call) [${sink > 0 ? 'ok' : ''}]`,
  );
  console.log(`  ratio detect/tokenize: ${(detectMs / tokenMs).toFixed(2)}`);
}

if (require.main === module) run(Number(process.argv[2] ?? 10000));
