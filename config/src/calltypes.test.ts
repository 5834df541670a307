import { classifyCallType } from '@teachback/core';
import { builtinCallTypeModel } from './calltypes';

// Calls written for this test (not from the training datasets): the shipped model must place them.
describe('the built-in call-type model', () => {
  const model = builtinCallTypeModel();
  const call = (...texts: string[]) => ({
    transcript: {
      utterances: texts.map((text, i) => ({
        speaker: i % 2 ? ('customer' as const) : ('agent' as const),
        text,
        startMs: i * 3000,
        endMs: i * 3000 + 2500,
      })),
    },
  });

  it('loads and names its classes', () => {
    expect(model.weights.classes).toEqual(
      expect.arrayContaining(['scheduling', 'billing-insurance', 'clinical-question', 'other']),
    );
  });

  it('classifies a scheduling call and a billing call written for this test', () => {
    const sched = classifyCallType(
      call(
        'Thanks for calling the clinic, how can I help?',
        "Hi, I'd like to book an appointment with Doctor Patel sometime next week.",
        'Sure, what day works best for you?',
        'Wednesday afternoon if there is an opening.',
      ),
      { model },
    );
    expect(sched.callType).toBe('scheduling');
    const bill = classifyCallType(
      call(
        'Member services, how can I help?',
        'I want to check the balance on my account and pay my bill.',
        'I can help with that payment today.',
      ),
      { model },
    );
    expect(bill.callType).toBe('billing-insurance');
  });
});
