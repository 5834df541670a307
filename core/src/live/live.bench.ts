/**
 * Per-utterance cost of the live session engine over synthetic calls (10 minutes, one utterance
 * every 2–5 s). Run with the built-in playbooks and models via `npm run bench:live-engine`
 * (config/scripts/bench-live-engine.ts). Prints figures only; nothing here is asserted.
 */
import { seededRandom } from '../random';
import type { LiveUtterance } from './types';

const AGENT = [
  'Thank you for calling, this call may be recorded for quality purposes.',
  'Can I have your full name and date of birth please?',
  'Thank you, I can see your appointment on the fourteenth at two thirty.',
  'Let me check on that prescription for you, one moment.',
  "I understand how frustrating that must be, I'm sorry about the wait.",
  'Your copay for that visit would be twenty five dollars.',
  'Is there anything else I can help you with today?',
  'Can you repeat back the instructions so I know I explained them clearly?',
  'Take one tablet twice a day with food and call us if the rash gets worse.',
  'You may qualify for Extra Help with your drug costs.',
];
const CALLER = [
  "Hi yes I'm calling about my lab results from last week.",
  "Sure it's Jane Roe, March third nineteen seventy.",
  'Okay that works for me, thank you.',
  'I also needed a refill on my blood pressure medication.',
  "I'm on a fixed income so I can't pay more.",
  'I need to talk to my daughter first.',
  "I got a bill for the visit and I don't understand the charges.",
  "I'm so worried about these results.",
  'Can I keep my doctor if I switch?',
  "No that's everything, thanks so much.",
];

export function syntheticCall(seed: number, minutes = 10): LiveUtterance[] {
  const rand = seededRandom(seed);
  const out: LiveUtterance[] = [];
  let t = 1000;
  let i = 0;
  while (t < minutes * 60_000) {
    const agent = i % 2 === 0;
    const pool = agent ? AGENT : CALLER;
    out.push({
      id: `u${i}`,
      speaker: agent ? 'agent' : 'customer',
      text: pool[Math.floor(rand() * pool.length)]!,
      offsetMs: t,
    });
    t += 2000 + Math.floor(rand() * 3000);
    i++;
  }
  return out;
}

/** A session maker: the script passes `@teachback/core`'s createLiveSession over a built-in playbook. */
export type NewSession = (callId: string) => { push(u: LiveUtterance): readonly unknown[] };

export function runLiveBench(newSession: NewSession, calls: number, label: string): void {
  const samples: number[] = [];
  let events = 0;
  const heapBefore = process.memoryUsage().heapUsed;
  const sessions = [];
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let c = 0; c < calls; c++) {
    const s = newSession(`bench-${c}`);
    for (const u of syntheticCall(c + 1)) {
      const a = performance.now();
      events += s.push(u).length;
      samples.push(performance.now() - a);
    }
    sessions.push(s);
  }
  const total = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // CPU time is what the engine costs; wall-clock tails also hold preemption on a busy machine.
  const cpuPerUtterance = (cpu.user + cpu.system) / 1000 / samples.length;
  const heapAfter = process.memoryUsage().heapUsed;
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
  const mean = samples.reduce((x, y) => x + y, 0) / samples.length;
  console.log(
    `${label}: ${calls} calls, ${samples.length} utterances, ${events} events in ${total.toFixed(0)} ms; ` +
      `CPU per utterance ${cpuPerUtterance.toFixed(3)} ms; ` +
      `per utterance mean ${mean.toFixed(3)} ms, p50 ${q(0.5).toFixed(3)}, p95 ${q(0.95).toFixed(3)}, ` +
      `p99 ${q(0.99).toFixed(3)}, max ${q(1).toFixed(3)} ms; ` +
      `heap per finished 10-minute call ≈ ${((heapAfter - heapBefore) / calls / 1024).toFixed(0)} KiB (${sessions.length} kept)`,
  );
}
