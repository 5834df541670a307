import { Escalation } from '../model/escalation';
import type { Utterance } from '../model/transcript';
import { NEGATIVES, POSITIVES, type Turns } from './cases';
import { createEscalationMonitor, detectEscalations } from './index';

function call(turns: Turns): Utterance[] {
  const list = typeof turns === 'string' ? [turns] : turns;
  return list.map((line, i) => {
    const agent = line.startsWith('Agent: ');
    return {
      speaker: agent ? 'agent' : 'customer',
      startMs: i * 5000,
      endMs: i * 5000 + 4000,
      text: agent ? line.slice('Agent: '.length) : line,
    };
  });
}

describe('escalation detection: true positives', () => {
  it('has at least 40 positives and 80 hard negatives', () => {
    expect(POSITIVES.length).toBeGreaterThanOrEqual(40);
    expect(NEGATIVES.length).toBeGreaterThanOrEqual(80);
  });

  it.each(POSITIVES.map(([type, signal, turns]) => [type, signal, JSON.stringify(turns), turns] as const))(
    '%s (%s): %s',
    (type, signal, _label, turns) => {
      const utterances = call(turns);
      const found = detectEscalations(utterances);
      expect(found.map((e) => `${e.type}:${e.signal}`)).toContain(`${type}:${signal}`);
      const e = found.find((x) => x.type === type && x.signal === signal)!;
      expect(e.utterance).toBe(utterances.length - 1);
      expect(e.startMs).toBe(utterances[utterances.length - 1]!.startMs);
      expect(e.quote.length).toBeGreaterThan(0);
      // A sentence cut across two caller turns is quoted whole.
      expect(utterances.map((u) => u.text).join(' ')).toContain(e.quote);
      expect(['critical', 'high', 'moderate']).toContain(e.severity);
      expect(e.reason).toContain(e.severity);
      expect(Escalation.safeParse(e).success).toBe(true);
    },
  );
});

describe('escalation detection: hard negatives', () => {
  it.each(NEGATIVES.map(([label, turns]) => [label, JSON.stringify(turns), turns] as const))(
    '%s: %s',
    (_l, _s, turns) => {
      expect(detectEscalations(call(turns))).toEqual([]);
    },
  );
});

describe('live monitor', () => {
  const at = (speaker: Utterance['speaker'], text: string, startMs: number | null): Utterance => ({
    speaker,
    startMs,
    endMs: null,
    text,
  });

  it('returns escalations as they happen and does not repeat a type within two minutes', () => {
    const monitor = createEscalationMonitor();
    expect(monitor.push(at('agent', 'Thanks for calling, how can I help?', 0))).toEqual([]);
    const first = monitor.push(at('customer', "I can't breathe.", 4000));
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      type: 'medical_emergency',
      utterance: 1,
      startMs: 4000,
      signal: 'breathing',
    });
    expect(monitor.push(at('customer', 'my chest hurts so bad', 9000))).toEqual([]);
    expect(monitor.push(at('customer', 'I want to kill myself', 12000))[0]?.type).toBe(
      'mental_health_crisis',
    );
    const later = monitor.push(at('customer', "it's crushing pressure in my chest", 200000));
    expect(later.map((e) => e.type)).toEqual(['medical_emergency']);
  });

  it('counts utterances when times are unknown', () => {
    const utterances = Array.from({ length: 12 }, (_, i) =>
      at('customer', i === 0 || i === 5 || i === 11 ? "I can't breathe" : 'okay', null),
    );
    expect(detectEscalations(utterances).map((e) => e.utterance)).toEqual([0, 11]);
  });

  it('raises abuse again when it turns into a threat', () => {
    const found = detectEscalations([
      at('customer', 'you stupid idiot', 0),
      at('customer', 'you useless moron', 5000),
      at('customer', "I'm going to find out where you live", 10000),
    ]);
    expect(found.map((e) => [e.signal, e.severity, e.utterance])).toEqual([
      ['insult', 'moderate', 0],
      ['sustained-abuse', 'high', 1],
      ['threat', 'critical', 2],
    ]);
  });

  it('listens to the caller and unknown speakers only', () => {
    expect(
      detectEscalations([at('agent', "I want to kill myself, just kidding, that's what callers say", 0)]),
    ).toEqual([]);
    expect(
      detectEscalations([at('system', 'If you are having chest pain, hang up and dial 911.', 0)]),
    ).toEqual([]);
    expect(detectEscalations([at('unknown', "he's not breathing", 0)])[0]?.signal).toBe('not-breathing');
  });

  it('quotes the sentence that triggered, not the whole turn', () => {
    const [e] = detectEscalations([
      at(
        'customer',
        'Hi, I called yesterday about my bill. Now my chest hurts really bad. Can someone help?',
        0,
      ),
    ]);
    expect(e?.quote).toBe('Now my chest hurts really bad.');
    const long = `${'and then we went to the store and bought some things '.repeat(8)}and now i cant breathe ${'and i do not know what to do '.repeat(8)}`;
    const [f] = detectEscalations([at('customer', long, 0)]);
    expect(f?.quote.length).toBeLessThanOrEqual(240);
    expect(f?.quote).toContain('i cant breathe');
  });

  it('does not join caller turns across an agent turn or a long pause', () => {
    expect(
      detectEscalations([
        at('customer', 'i want to kill', 0),
        at('agent', 'okay', 1000),
        at('customer', 'myself', 2000),
      ]),
    ).toEqual([]);
    expect(detectEscalations([at('customer', 'i want to kill', 0), at('customer', 'myself', 60000)])).toEqual(
      [],
    );
    const [e] = detectEscalations([at('customer', 'i want to kill', 0), at('customer', 'myself', 1500)]);
    expect(e).toMatchObject({ utterance: 1, quote: 'i want to kill myself' });
  });

  it('forgets an agent question once the caller has answered', () => {
    expect(
      detectEscalations(
        call(['Agent: Are you having thoughts of killing yourself right now?', 'let me think', 'yes']),
      ),
    ).toEqual([]);
  });
});

describe('ASR-style text', () => {
  // What a recogniser gives back: lower case, no punctuation, often no apostrophes, fillers.
  function asr(text: string, variant: number): string {
    let s = text.toLowerCase().replace(/[.,!?;:"]/g, '');
    if (variant % 2 === 1) s = s.replace(/'/g, '');
    const words = s.split(/\s+/);
    if (words.length > 3 && variant % 3 === 0) words.splice(1, 0, 'um');
    if (words.length > 5 && variant % 4 === 1) words.splice(4, 0, 'uh');
    return words.join(' ');
  }
  function asrCall(turns: Turns, variant: number): Utterance[] {
    return call(turns).map((u) => (u.speaker === 'agent' ? u : { ...u, text: asr(u.text, variant) }));
  }

  it('catches every positive in ASR form', () => {
    const missed: string[] = [];
    for (const [type, , turns] of POSITIVES) {
      for (const variant of [0, 1, 2, 3]) {
        const utterances = asrCall(turns, variant);
        if (!detectEscalations(utterances).some((e) => e.type === type)) missed.push(utterances.at(-1)!.text);
      }
    }
    expect(missed).toEqual([]);
  });

  it('stays quiet on every hard negative in ASR form', () => {
    const fired: string[] = [];
    for (const [, turns] of NEGATIVES) {
      for (const variant of [0, 1, 2, 3]) {
        const utterances = asrCall(turns, variant);
        for (const e of detectEscalations(utterances))
          fired.push(`${e.type}: ${utterances[e.utterance]!.text}`);
      }
    }
    expect(fired).toEqual([]);
  });
});
