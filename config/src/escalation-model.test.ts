import { detectEscalations } from '@teachback/core';
import { builtinEscalationModel, readEscalationWeights } from './index';

describe('built-in escalation classifier', () => {
  it('loads the committed weights once and decides with them', () => {
    const model = builtinEscalationModel();
    expect(builtinEscalationModel()).toBe(model);
    const found = detectEscalations(
      [
        { speaker: 'agent', text: 'Claims, how can I help?', startMs: 0, endMs: 2000 },
        {
          speaker: 'customer',
          text: "my father collapsed and he isn't breathing",
          startMs: 3000,
          endMs: 6000,
        },
      ],
      { model },
    );
    expect(found.map((e) => e.type)).toContain('medical_emergency');
  });

  it('names the file when the weights cannot be read', () => {
    expect(() => readEscalationWeights('/nonexistent/escalation.json')).toThrow(
      /escalation classifier weights/,
    );
  });
});
