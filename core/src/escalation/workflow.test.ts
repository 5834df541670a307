import { escalationState } from './workflow';

describe('escalationState', () => {
  it('is open with no actions or only the detection', () => {
    expect(escalationState([])).toBe('open');
    expect(escalationState([{ action: 'detected' }])).toBe('open');
  });
  it('follows the latest workflow action, not the furthest one', () => {
    expect(escalationState([{ action: 'acknowledged' }, { action: 'routed' }])).toBe('routed');
    expect(escalationState([{ action: 'routed' }, { action: 'resolved' }])).toBe('resolved');
    expect(escalationState([{ action: 'routed' }, { action: 'acknowledged' }])).toBe('acknowledged');
    expect(escalationState([{ action: 'dismissed' }, { action: 'detected' }])).toBe('dismissed');
  });
});
