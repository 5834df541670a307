import { classifyCallType, playbookForCallType } from './classify';
import { loadCallTypeModel, trainCallTypeModel } from './model';

const say = (...texts: string[]) => ({
  utterances: texts.map((text, i) => ({
    speaker: i % 2 ? ('customer' as const) : ('agent' as const),
    text,
    startMs: i * 1000,
    endMs: i * 1000 + 900,
  })),
});

// A tiny training set: the words differ by type, and a held-out call uses a mix never seen whole.
const model = loadCallTypeModel(
  trainCallTypeModel(
    [
      {
        label: 'scheduling',
        utterances: say('book an appointment', 'reschedule my appointment Tuesday').utterances,
      },
      {
        label: 'scheduling',
        utterances: say('appointment slot available', 'Thursday appointment please').utterances,
      },
      {
        label: 'billing-insurance',
        utterances: say('your bill balance', 'insurance claim denied bill').utterances,
      },
      {
        label: 'billing-insurance',
        utterances: say('copay on the bill', 'insurance balance owed').utterances,
      },
    ],
    { version: 'test', minDocs: 1, minConfidence: 0.6 },
  ),
);

describe('classifyCallType', () => {
  it('prefers the queue mapping, then the disposition, with the field as evidence', () => {
    const mapping = {
      queues: { 'Pharmacy Line': 'prescription-refill' as const },
      dispositions: { SCHED: 'scheduling' as const },
    };
    expect(classifyCallType({ queue: { name: 'pharmacy line' }, disposition: 'SCHED' }, { mapping })).toEqual(
      {
        callType: 'prescription-refill',
        source: 'queue',
        confidence: 1,
        evidence: { kind: 'field', field: 'queue', value: 'pharmacy line' },
      },
    );
    expect(classifyCallType({ queue: { name: 'Main' }, disposition: 'SCHED' }, { mapping })).toMatchObject({
      callType: 'scheduling',
      source: 'disposition',
    });
  });

  it('calls an emergency escalation an emergency, quoting the utterance', () => {
    const r = classifyCallType(
      { transcript: say('how can I help', 'my chest hurts and I cannot breathe') },
      {
        escalations: [
          {
            type: 'medical_emergency',
            severity: 'critical',
            utterance: 1,
            startMs: 1000,
            quote: 'my chest hurts',
          },
        ],
        model,
      },
    );
    expect(r).toMatchObject({
      callType: 'emergency',
      source: 'escalation',
      evidence: { utterance: 1, why: 'escalation: medical_emergency' },
    });
  });

  it('uses Medicare sales acts from the act tagger', () => {
    const r = classifyCallType(
      { transcript: say('we do not offer every plan', 'ok') },
      { acts: [{ index: 0, acts: [{ act: 'tpmo-disclaimer', score: 0.91, detail: 'not-all-plans' }] }] },
    );
    expect(r).toMatchObject({
      callType: 'medicare-sales',
      source: 'acts',
      confidence: 0.91,
      evidence: { utterance: 0 },
    });
  });

  it('falls back to the learned model, naming the utterance and words that decided', () => {
    const r = classifyCallType(
      { transcript: say('hello', 'I need to reschedule the appointment') },
      { model },
    );
    expect(r.callType).toBe('scheduling');
    expect(r.source).toBe('conversation');
    expect(r.evidence).toMatchObject({ kind: 'utterance', utterance: 1 });
    expect((r.evidence as { why: string }).why).toMatch(/appointment|reschedule/);
  });

  it('answers other when nothing maps and the model is unsure', () => {
    expect(classifyCallType({ transcript: say('hello', 'good morning') }, { model })).toMatchObject({
      callType: 'other',
      source: 'none',
    });
    expect(classifyCallType({}, {}).evidence).toEqual({ kind: 'none', why: 'no mapping and no transcript' });
  });

  it('maps a call type to its playbook', () => {
    expect(playbookForCallType({ 'medicare-sales': 'medicare' }, 'medicare-sales')).toBe('medicare');
    expect(playbookForCallType({ 'medicare-sales': 'medicare' }, 'billing-insurance')).toBeUndefined();
  });
});

describe('loadCallTypeModel', () => {
  it('rejects weights whose rows do not match the classes', () => {
    expect(() =>
      loadCallTypeModel({
        format: 'teachback-calltypes/1',
        version: 'x',
        classes: ['scheduling', 'other'],
        priors: [0, 0],
        words: { a: [1] },
        minConfidence: 0.5,
      }),
    ).toThrow(/words.a: needs one number per class/);
  });
});
