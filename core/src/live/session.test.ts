import { compilePlaybook } from '../playbook/compile';
import type { PlaybookInput } from '../playbook/schema';
import { createLiveSession, replayLiveSession, type LiveInput, type LiveSessionOptions } from './session';
import type { GuidanceEvent, LiveUtterance } from './types';

/**
 * Engine tests on a small phrase-only playbook (no act model: core loads none). The built-in
 * playbooks with the learned acts and escalation classifier are tested in config
 * (live-guidance.test.ts), with paraphrases the rules were not tuned on.
 */

const criteria: PlaybookInput['criteria'] = [
  {
    id: 'recording-disclosure',
    title: 'Recording disclosure',
    category: 'compliance',
    severity: 'high',
    weight: 2,
    tip: 'Say it.',
    rule: {
      require: [
        {
          label: 'recording disclosure',
          phrases: ['this call may be recorded', 'calls are recorded for quality'],
          within: { toMs: 30000 },
        },
      ],
    },
  },
  {
    id: 'identity-verification',
    title: 'Identity verified before PHI',
    category: 'compliance',
    severity: 'critical',
    weight: 3,
    tip: 'Two identifiers.',
    rule: {
      appliesWhen: { said: { speaker: 'agent', intent: 'phi' } },
      require: [
        {
          speaker: 'any',
          count: {
            atLeast: 2,
            of: [
              { label: 'date of birth', phrases: ['confirm your date of birth', 'born on'] },
              { label: 'full name', phrases: ['your full name', 'my name is'] },
              { label: 'member ID', phrases: ['your member id', 'member number is'] },
            ],
          },
          before: { speaker: 'agent', intent: 'phi' },
        },
      ],
    },
  },
  {
    id: 'teach-back',
    title: 'Teach-back',
    category: 'adherence',
    severity: 'medium',
    weight: 1,
    tip: 'Ask for teach-back.',
    rule: {
      appliesWhen: { said: { speaker: 'agent', intent: 'instructions' } },
      require: [
        {
          phrases: ['tell me in your own words what you will do', 'repeat the instructions back to me'],
          when: { said: { speaker: 'agent', intent: 'instructions' } },
          after: { trigger: true },
        },
      ],
    },
  },
  {
    id: 'empathy',
    title: 'Empathy',
    category: 'soft-skill',
    severity: 'low',
    weight: 1,
    tip: 'Acknowledge.',
    rule: {
      appliesWhen: { said: { speaker: 'customer', intent: 'distress' } },
      require: [
        {
          phrases: ["i'm sorry you're dealing with this", 'i can hear how worried you are'],
          when: { said: { speaker: 'customer', intent: 'distress' } },
          after: { trigger: true },
        },
      ],
    },
  },
  {
    id: 'emergency-response',
    title: 'Emergency response',
    category: 'compliance',
    severity: 'critical',
    weight: 3,
    tip: '911.',
    rule: {
      appliesWhen: { raised: { type: ['medical_emergency', 'mental_health_crisis'] } },
      require: [
        {
          phrases: ['hang up and call 911', 'call nine one one', 'the 988 lifeline'],
          when: { raised: { type: ['medical_emergency', 'mental_health_crisis'] } },
          after: { trigger: true },
          withinTurnsOfTrigger: 4,
        },
      ],
    },
  },
];

const intents: PlaybookInput['intents'] = {
  phi: { phrases: ['your test results came back', 'your prescription is ready', 'your claim was paid'] },
  'phi-request': {
    phrases: ['calling about my test results', 'did my claim go through', 'refill on my prescription'],
  },
  instructions: {
    phrases: ["don't eat after midnight", 'bring your photo id', 'take one tablet twice a day'],
  },
  distress: { phrases: ["i'm so worried", "i'm really scared", "i'm so frustrated"] },
  'fixed-income': { phrases: ["i'm on a fixed income", "i can't afford a premium"] },
  'extra-help': { phrases: ['you may qualify for extra help', 'plans with a zero dollar premium'] },
  'keep-doctor': { phrases: ['can i keep my doctor', "i don't want to change my doctor"] },
  'provider-lookup': { phrases: ['look your doctor up in the network'] },
};

const live: NonNullable<PlaybookInput['live']> = [
  {
    id: 'recording-disclosure-due',
    kind: 'compliance_due',
    criterion: 'recording-disclosure',
    afterMs: 15000,
    followWithinSec: 15,
    title: 'Recording disclosure',
    text: 'Say the recording disclosure now.',
  },
  {
    id: 'verify-before-phi',
    kind: 'order_guard',
    criterion: 'identity-verification',
    when: { said: { speaker: 'customer', intent: 'phi-request' } },
    title: 'Verify identity first',
    text: 'Verify date of birth and one more identifier before you open the record.',
  },
  {
    id: 'emergency-protocol',
    kind: 'protocol_card',
    criterion: 'emergency-response',
    when: { raised: { type: 'medical_emergency' } },
    title: 'Medical emergency',
    text: 'Tell the caller to hang up and call 911, or stay on the line and conference 911.',
  },
  {
    id: 'teach-back-after-instructions',
    kind: 'teach_back_reminder',
    criterion: 'teach-back',
    when: { said: { speaker: 'agent', intent: 'instructions' } },
    title: 'Check understanding',
    text: 'Ask for teach-back.',
  },
  {
    id: 'empathy-after-distress',
    kind: 'empathy_prompt',
    criterion: 'empathy',
    when: { said: { speaker: 'customer', intent: 'distress' } },
    title: 'Acknowledge the feeling',
    text: 'Name the feeling before solving.',
  },
  {
    id: 'fixed-income',
    kind: 'moment_prompt',
    when: { said: { speaker: 'customer', intent: 'fixed-income' } },
    followedWhen: { said: { speaker: 'agent', intent: 'extra-help' } },
    title: 'Fixed income',
    text: 'Check Extra Help and show $0-premium plans first.',
  },
  {
    id: 'keep-my-doctor',
    kind: 'moment_prompt',
    when: { said: { speaker: 'customer', intent: 'keep-doctor' } },
    followedWhen: { said: { speaker: 'agent', intent: 'provider-lookup' } },
    title: 'Fear of changing doctors',
    text: "Let's look your doctor up in the network.",
    effectiveFrom: '2026-10-01',
  },
];

const cp = compilePlaybook({ id: 'live-test', version: '1', title: 'Live test', intents, criteria, live });

function session(extra: Partial<LiveSessionOptions> = {}) {
  return createLiveSession({ callId: 'call-7', playbook: cp, callDate: '2026-11-02', ...extra });
}

let seq = 0;
function u(speaker: 'agent' | 'customer', offsetSec: number, text: string): LiveUtterance {
  return { id: `u${seq++}`, speaker, text, offsetMs: offsetSec * 1000 };
}

const kinds = (events: GuidanceEvent[]) =>
  events.map((e) => `${e.kind}:${e.ruleId}${e.reason ? `:${e.reason}` : ''}`);

describe('compliance_due (timing)', () => {
  it('prompts when the disclosure is not given 15 s in, and clears when the agent says it', () => {
    const s = session();
    expect(s.push(u('agent', 2, 'Thanks for calling, this is Dana.'))).toEqual([]);
    expect(s.tick(10000)).toEqual([]);
    const due = s.tick(15500);
    expect(kinds(due)).toEqual(['compliance_due:recording-disclosure-due']);
    expect(due[0]).toMatchObject({
      id: 'call-7:recording-disclosure-due:tick:15000',
      severity: 'warning',
      audience: 'agent',
      at: { offsetMs: 15000 },
      followWithinSec: 15,
    });
    const done = s.push(u('agent', 20, 'Before we start, this call may be recorded for quality.'));
    expect(done).toEqual([
      expect.objectContaining({
        kind: 'clear',
        clears: due[0]!.id,
        reason: 'done',
        at: expect.objectContaining({ offsetMs: 20000 }),
      }),
    ]);
    expect(s.outcomes()).toEqual([
      expect.objectContaining({ eventId: due[0]!.id, outcome: 'followed', resolvedAtMs: 20000 }),
    ]);
  });

  it('is not shown when the disclosure was already given, and fires at most once', () => {
    const s = session();
    s.push(u('agent', 3, 'Hi, calls are recorded for quality and training.'));
    expect(s.tick(20000)).toEqual([]);
    expect(s.state().disclosuresGiven).toContain('recording-disclosure');

    const late = session();
    expect(kinds(late.tick(16000))).toEqual(['compliance_due:recording-disclosure-due']);
    // Unfollowed within its 15 s it expires (the slot frees), and never comes back.
    expect(kinds(late.tick(32000))).toEqual(['clear:recording-disclosure-due:expired']);
    expect(late.tick(60000)).toEqual([]);
    expect(late.outcomes()[0]!.outcome).toBe('expired');
  });

  it('fires on speech past the deadline too, with the same id as by tick', () => {
    const s = session();
    const events = s.push(u('customer', 18, 'Hello? I have a question about my bill.'));
    expect(events.map((e) => e.id)).toEqual(['call-7:recording-disclosure-due:tick:15000']);
    expect(events[0]!.at.offsetMs).toBe(15000);
  });
});

describe('order_guard', () => {
  it('warns when the caller asks about results before two identifiers, and clears once two are confirmed', () => {
    const s = session();
    s.push(u('agent', 1, 'This call may be recorded. How can I help?'));
    const guard = s.push(u('customer', 5, "Hi, I'm calling about my test results from Tuesday."));
    expect(kinds(guard)).toEqual(['order_guard:verify-before-phi']);
    expect(guard[0]!.severity).toBe('critical');
    expect(guard[0]!.text).toMatch(/date of birth and one more identifier/);
    expect(s.push(u('agent', 8, 'Sure. Can you confirm your date of birth?'))).toEqual([]);
    expect(s.state().open).toEqual([guard[0]!.id]);
    const clear = s.push(u('agent', 12, 'Thanks. And your full name please?'));
    expect(kinds(clear)).toEqual(['clear:verify-before-phi:done']);
    expect(s.outcomes()[0]!.outcome).toBe('followed');
  });

  it('stays quiet when two identifiers are already verified', () => {
    const s = session();
    s.push(u('agent', 1, 'This call may be recorded. Can I have your full name?'));
    s.push(u('customer', 4, 'My name is Pat Example, born on May 5th 1961.'));
    expect(s.push(u('customer', 9, 'Did my claim go through last week?'))).toEqual([]);
  });
});

describe('protocol_card and supervisor_alert', () => {
  it('shows the escalation protocol and alerts the supervisor; clears when the agent gives 911', () => {
    const s = session();
    s.push(u('agent', 1, 'This call may be recorded. How can I help you today?'));
    const events = s.push(u('customer', 6, "I'm having crushing chest pain right now and I can't breathe."));
    expect(kinds(events).sort()).toEqual([
      'protocol_card:emergency-protocol',
      'supervisor_alert:escalation-medical-emergency',
    ]);
    const card = events.find((e) => e.kind === 'protocol_card')!;
    const alert = events.find((e) => e.kind === 'supervisor_alert')!;
    expect(card).toMatchObject({ severity: 'safety', audience: 'agent' });
    expect(card.text).toMatch(/911/);
    expect(alert).toMatchObject({ severity: 'safety', audience: 'supervisor' });
    // Safety cards can be neither dismissed nor muted.
    expect(s.dismiss(card.id)).toEqual([]);
    expect(s.mute('protocol_card')).toEqual([]);
    expect(s.state().open).toContain(card.id);
    const done = s.push(u('agent', 9, 'Please hang up and call 911 right now.'));
    expect(kinds(done)).toEqual(['clear:emergency-protocol:done']);
  });

  it('a safety card takes over: the open prompt is superseded, later ones wait until it clears', () => {
    const s = session();
    s.push(u('agent', 1, 'This call may be recorded.'));
    const guard = s.push(u('customer', 3, "I'm calling about my test results."));
    const events = s.push(u('customer', 6, "I'm having crushing chest pain right now."));
    expect(kinds(events)).toEqual([
      'supervisor_alert:escalation-medical-emergency',
      'clear:verify-before-phi:superseded',
      'protocol_card:emergency-protocol',
    ]);
    expect(events[1]!.clears).toBe(guard[0]!.id);
    expect(s.push(u('customer', 8, "I'm so worried."))).toEqual([]);
    expect(s.state().queued).toHaveLength(1);
    expect(kinds(s.push(u('agent', 9, 'Hang up and call 911 now.')))).toEqual([
      'clear:emergency-protocol:done',
      'empathy_prompt:empathy-after-distress',
    ]);
  });
});

describe('a second emergency on the call', () => {
  it('shows its protocol card although the criterion was met by the first', () => {
    const s = session();
    s.push(u('agent', 1, 'This call may be recorded.'));
    s.push(u('customer', 6, "I'm having crushing chest pain right now."));
    expect(kinds(s.push(u('agent', 9, 'Hang up and call 911 now.')))).toEqual([
      'clear:emergency-protocol:done',
    ]);
    // Well past the monitor's repeat span: a new episode.
    const again = s.push(u('customer', 200, "It's back, crushing chest pain right now and I can't breathe."));
    expect(kinds(again)).toContain('protocol_card:emergency-protocol');
    expect(s.state().open).toHaveLength(1);
    expect(s.push(u('agent', 203, 'Okay, stay with me.'))).toEqual([]);
    expect(kinds(s.push(u('agent', 205, 'Please hang up and call 911 right away.')))).toEqual([
      'clear:emergency-protocol:done',
    ]);
  });
});

describe('moment prompts, teach-back and empathy', () => {
  it('gives the top-performer response to an objection and records it followed when the agent uses it', () => {
    const s = session();
    s.push(u('agent', 1, 'This call may be recorded.'));
    const p = s.push(u('customer', 20, "Honestly I'm on a fixed income, so I can't do much."));
    expect(kinds(p)).toEqual(['moment_prompt:fixed-income']);
    expect(p[0]!.text).toMatch(/Extra Help/);
    expect(p[0]!.followWithinSec).toBe(60);
    expect(
      kinds(s.push(u('agent', 30, 'I understand. You may qualify for Extra Help with drug costs.'))),
    ).toEqual(['clear:fixed-income:done']);
    expect(s.outcomes()[0]!.outcome).toBe('followed');
  });

  it('an objection prompt not acted on expires after its follow-up window', () => {
    const s = session();
    s.push(u('agent', 1, 'This call may be recorded.'));
    s.push(u('customer', 20, "I'm on a fixed income."));
    expect(s.push(u('agent', 40, 'Let me tell you about this plan.'))).toEqual([]);
    expect(kinds(s.tick(81000))).toEqual(['clear:fixed-income:expired']);
    expect(s.outcomes()[0]!.outcome).toBe('expired');
  });

  it('reminds to ask for teach-back after instructions and clears on the teach-back question', () => {
    const s = session();
    s.push(u('agent', 1, 'This call may be recorded.'));
    expect(kinds(s.push(u('agent', 30, "Don't eat after midnight and bring your photo ID.")))).toEqual([
      'teach_back_reminder:teach-back-after-instructions',
    ]);
    expect(
      kinds(s.push(u('agent', 40, 'Can you tell me in your own words what you will do before the test?'))),
    ).toEqual(['clear:teach-back-after-instructions:done']);
  });

  it('prompts empathy after distress and clears on an acknowledgement', () => {
    const s = session();
    s.push(u('agent', 1, 'This call may be recorded.'));
    expect(kinds(s.push(u('customer', 25, "I'm so worried, nobody called me back.")))).toEqual([
      'empathy_prompt:empathy-after-distress',
    ]);
    expect(kinds(s.push(u('agent', 29, "I'm sorry you're dealing with this."))).map(String)).toEqual([
      'clear:empathy-after-distress:done',
    ]);
  });

  it('does not prompt empathy when the agent acknowledged before the trigger could matter', () => {
    const s = session();
    s.push(u('agent', 1, 'This call may be recorded.'));
    s.push(u('customer', 25, "I'm so worried."));
    s.push(u('agent', 27, 'I can hear how worried you are.'));
    // Criterion met: a second worry turn does not prompt again.
    expect(s.push(u('customer', 40, "I'm really scared about it."))).toEqual([]);
  });
});

describe('policy: one at a time, cool-down, dismiss, mute', () => {
  it('queues a second non-safety prompt of equal rank and shows it when the first clears', () => {
    const s = session();
    s.push(u('agent', 1, 'This call may be recorded.'));
    const first = s.push(u('customer', 20, "I'm on a fixed income."));
    expect(kinds(first)).toEqual(['moment_prompt:fixed-income']);
    expect(s.push(u('agent', 22, "Don't eat after midnight."))).toEqual([]);
    expect(s.state().queued).toEqual(['call-7:teach-back-after-instructions:u' + (seq - 1)]);
    const next = s.push(u('agent', 26, 'You may qualify for Extra Help.'));
    expect(kinds(next)).toEqual([
      'clear:fixed-income:done',
      'teach_back_reminder:teach-back-after-instructions',
    ]);
    // Shown late, but its moment is still the instruction.
    expect(next[1]!.at.offsetMs).toBe(22000);
  });

  it('a more urgent prompt supersedes the open one (dropped, not re-shown)', () => {
    const s = session();
    s.push(u('agent', 1, 'This call may be recorded.'));
    const moment = s.push(u('customer', 20, "I'm on a fixed income."));
    const guard = s.push(u('customer', 24, 'Also did my claim go through?'));
    expect(kinds(guard)).toEqual(['clear:fixed-income:superseded', 'order_guard:verify-before-phi']);
    expect(guard[0]!.clears).toBe(moment[0]!.id);
    expect(s.state().open).toEqual([guard[1]!.id]);
    expect(s.outcomes().map((o) => o.outcome)).toEqual(['expired', 'shown']);
  });

  it('drops a queued prompt that waited past the queue time-to-live', () => {
    const s = session();
    s.push(u('agent', 1, 'This call may be recorded.'));
    s.push(u('customer', 20, "I'm on a fixed income."));
    s.push(u('agent', 22, "Don't eat after midnight."));
    // 50 s later the instruction prompt is stale: nothing replaces the expiring one.
    expect(kinds(s.push(u('agent', 75, 'You may qualify for Extra Help.')))).toEqual([
      'clear:fixed-income:done',
    ]);
    expect(s.state().queued).toEqual([]);
  });

  it('cools a kind down: a second objection within 60 s is dropped, one after it shows', () => {
    const s = session();
    s.push(u('agent', 1, 'This call may be recorded.'));
    s.push(u('customer', 20, "I'm on a fixed income."));
    s.push(u('agent', 25, 'You may qualify for Extra Help.'));
    expect(s.state().coolingUntil).toEqual({ moment_prompt: 80000 });
    expect(s.push(u('customer', 50, "I don't want to change my doctor."))).toEqual([]);
    expect(s.state().queued).toEqual([]);
    expect(kinds(s.push(u('customer', 90, 'Can I keep my doctor?')))).toEqual([
      'moment_prompt:keep-my-doctor',
    ]);
  });

  it('two prompts of one kind queued together: the second is dropped by the cool-down when the slot frees', () => {
    const s = session();
    s.push(u('agent', 1, 'This call may be recorded.'));
    s.push(u('customer', 20, "I'm calling about my test results."));
    s.push(u('customer', 22, "I'm on a fixed income."));
    s.push(u('customer', 24, 'Can I keep my doctor?'));
    expect(s.state().queued).toHaveLength(2);
    const out = s.push(u('agent', 26, 'Sure, confirm your date of birth and your full name please.'));
    expect(kinds(out)).toEqual(['clear:verify-before-phi:done', 'moment_prompt:fixed-income']);
    expect(s.state().queued).toEqual(['call-7:keep-my-doctor:u' + (seq - 2)]);
    expect(kinds(s.push(u('agent', 28, 'You may qualify for Extra Help.')))).toEqual([
      'clear:fixed-income:done',
    ]);
    expect(s.state().queued).toEqual([]);
  });

  it('dismiss closes the prompt with outcome dismissed and lets the next one show', () => {
    const s = session();
    s.push(u('agent', 1, 'This call may be recorded.'));
    const p = s.push(u('customer', 20, "I'm on a fixed income."));
    s.push(u('agent', 22, "Don't eat after midnight."));
    const out = s.dismiss(p[0]!.id);
    expect(kinds(out)).toEqual([
      'clear:fixed-income:dismissed',
      'teach_back_reminder:teach-back-after-instructions',
    ]);
    expect(s.dismiss(p[0]!.id)).toEqual([]);
    expect(s.outcomes()[0]!.outcome).toBe('dismissed');
  });

  it('mute stops a kind for the rest of the call, open and queued ones included', () => {
    const s = session();
    s.push(u('agent', 1, 'This call may be recorded.'));
    s.push(u('customer', 20, "I'm on a fixed income."));
    expect(kinds(s.mute('moment_prompt'))).toEqual(['clear:fixed-income:muted']);
    expect(s.push(u('customer', 200, 'Can I keep my doctor?'))).toEqual([]);
    expect(s.state().muted).toEqual(['moment_prompt']);
    expect(s.outcomes()[0]!.outcome).toBe('muted');
    // Other kinds still prompt.
    expect(kinds(s.push(u('agent', 210, 'Bring your photo ID.')))).toEqual([
      'teach_back_reminder:teach-back-after-instructions',
    ]);
  });

  it('end closes open prompts', () => {
    const s = session();
    s.push(u('customer', 6, "I'm having crushing chest pain right now."));
    s.push(u('customer', 20, "I'm on a fixed income."));
    // The disclosure deadline and the objection wait behind the protocol card.
    expect(s.state().open).toHaveLength(1);
    expect(s.state().queued).toHaveLength(2);
    const out = s.end(30000);
    expect(out.map((e) => e.reason)).toEqual(['call_ended']);
    expect(s.state().queued).toEqual([]);
    expect(s.outcomes().map((o) => o.outcome)).toEqual(['expired']);
    expect(s.push(u('customer', 40, "I'm so worried."))).toEqual([]);
  });
});

describe('effective dates', () => {
  it('a prompt applies only to calls inside its effective dates', () => {
    const before = session({ callDate: '2026-09-15' });
    before.push(u('agent', 1, 'This call may be recorded.'));
    expect(before.push(u('customer', 20, 'Can I keep my doctor?'))).toEqual([]);
    const after = session({ callDate: '2026-10-01' });
    after.push(u('agent', 1, 'This call may be recorded.'));
    expect(kinds(after.push(u('customer', 20, 'Can I keep my doctor?')))).toEqual([
      'moment_prompt:keep-my-doctor',
    ]);
  });
});

describe('replay', () => {
  const inputs = (): LiveInput[] => {
    seq = 1000;
    return [
      { type: 'utterance', utterance: u('agent', 2, 'Thanks for calling.') },
      { type: 'tick', offsetMs: 16000 },
      { type: 'utterance', utterance: u('customer', 18, "I'm calling about my test results.") },
      {
        type: 'utterance',
        utterance: u('agent', 21, 'This call may be recorded. Confirm your date of birth?'),
      },
      { type: 'utterance', utterance: u('customer', 25, "I'm on a fixed income and I'm so worried.") },
      { type: 'dismiss', eventId: 'call-7:fixed-income:u1004' },
      { type: 'utterance', utterance: u('customer', 30, "I'm having crushing chest pain right now.") },
      { type: 'utterance', utterance: u('agent', 33, 'Hang up and call 911.') },
      { type: 'end', offsetMs: 40000 },
    ];
  };

  it('replaying the stored inputs emits exactly the same events (same ids, same order)', () => {
    const live = session();
    const first: GuidanceEvent[] = [];
    for (const i of inputs()) first.push(...live.apply(i));
    expect(first.length).toBeGreaterThan(4);
    const { events, session: rebuilt } = replayLiveSession(
      { callId: 'call-7', playbook: cp, callDate: '2026-11-02' },
      inputs(),
    );
    expect(events).toEqual(first);
    expect(rebuilt.outcomes()).toEqual(live.outcomes());
    expect(new Set(first.map((e) => e.id)).size).toBe(first.length);
  });

  it('a resumed session fed the call again emits nothing new for what it has seen', () => {
    const all = inputs().filter((i) => i.type === 'utterance');
    const { session: s, events } = replayLiveSession(
      { callId: 'call-7', playbook: cp, callDate: '2026-11-02' },
      all,
    );
    expect(events.length).toBeGreaterThan(0);
    // A reconnecting transport re-sends the last utterances: same ids, ignored.
    for (const i of all.slice(-3)) expect(s.apply(i)).toEqual([]);
  });

  it('ids depend on the call, the rule and the trigger utterance only', () => {
    const a = session({ callId: 'call-A' });
    const b = session({ callId: 'call-B' });
    const line = {
      id: 'genesys-utt-9',
      speaker: 'customer' as const,
      text: "I'm on a fixed income.",
      offsetMs: 20000,
    };
    expect(a.push(line).map((e) => e.id)).toEqual(['call-A:recording-disclosure-due:tick:15000']);
    expect(a.state().queued).toEqual(['call-A:fixed-income:genesys-utt-9']);
    expect(b.push(line).map((e) => e.id)).toEqual(['call-B:recording-disclosure-due:tick:15000']);
    expect(b.state().queued).toEqual(['call-B:fixed-income:genesys-utt-9']);
  });
});

describe('playbook validation of live prompts', () => {
  const compile = (p: NonNullable<PlaybookInput['live']>[number]) => () =>
    compilePlaybook({ id: 'x', version: '1', title: 'X', intents, criteria, live: [p] });
  it('rejects an unknown criterion, a prompt with no trigger, and an unknown intent, naming the field', () => {
    expect(
      compile({ id: 'a', kind: 'compliance_due', criterion: 'nope', afterMs: 1000, title: 'A', text: 'A' }),
    ).toThrow(/live\[0\] \(a\)\.criterion: unknown criterion "nope"/);
    expect(compile({ id: 'b', kind: 'moment_prompt', title: 'B', text: 'B' })).toThrow(
      /live\[0\] \(b\): needs `when` or `afterMs`/,
    );
    expect(
      compile({
        id: 'c',
        kind: 'moment_prompt',
        when: { said: { intent: 'missing' } },
        title: 'C',
        text: 'C',
      }),
    ).toThrow(/live\[0\] \(c\)\.when\.said\.intent: unknown intent "missing"/);
  });
});
