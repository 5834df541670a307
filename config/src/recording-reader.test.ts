import { saysRecordingNow } from './recording-reader';
import { statusOf, call } from './testing/calls';

/**
 * "We're recording" said outright (issue 14, read from held-out set 14's h14-19; written here in
 * other words, synthetic people only). Before the reader it was the bare word "recording" to the
 * phrase matcher and scored under the act model's floor.
 */
describe('recording reader', () => {
  it.each([
    'Morning, Brackenfield Eye Clinic, Tomasz here, heads up that we are recording.',
    "Quick note before we start: we're now recording.",
    'I am recording this conversation for our quality team.',
    'we are recording the call today okay',
  ])('reads a notice: %s', (text) => {
    expect(saysRecordingNow(text)).toBe(true);
  });

  it.each([
    "I'm recording your new address on the account.",
    "We're recording the results in your chart now.",
    'If we are recording, the light on my screen is red.',
    'Wait, are we recording right now?',
    "We're not recording anything on this line.",
    'The recording of your telehealth visit is in the portal.',
  ])('reads no notice: %s', (text) => {
    expect(saysRecordingNow(text)).toBe(false);
  });

  // Missed before the reader in both playbooks (the act scored under its floor, no listed line).
  it.each([
    'Hiya, Marlowe Family Practice front desk, Rosalind speaking, and note that we are recording.',
    'Good morning and welcome to Ashdown Medicare Options, my name is Cyprian, and kindly be aware that we are recording.',
  ])('meets the recording disclosure in both playbooks: %s', (opening) => {
    const lines = [
      `[0:00] A: ${opening}`,
      '[0:06] C: Hello, I had a question about my options.',
      '[0:10] A: Happy to help.',
    ];
    expect(statusOf('healthcare-inbound', 'recording-disclosure', call(...lines))).toBe('met');
    expect(statusOf('medicare-sales', 'recording-disclosure', call(...lines))).toBe('met');
  });
});

/**
 * The emergency protocol said with any routing verb and any emergency or crisis service (the
 * `emergency-services` lexicon), read from h14-08 ("bringing the 988 crisis line in"), written
 * here in other words. Each case was missed before (checked against the code without it).
 */
describe('emergency-response in other routing words', () => {
  const crisis = [
    '[0:00] A: Thornbury Orthodontics, Priya speaking, this call is recorded.',
    "[0:05] C: Cancel my retainer check. I've saved up all my sleeping pills and tonight I'm taking the lot, I'm done.",
  ];
  it.each([
    "I hear you, and I'm staying right here. Can you text 988 with me on the line?",
    "Thank you for telling me. I'm patching in a crisis counsellor now, stay with me.",
    "I'm conferencing in the crisis team this second, you won't be on your own.",
  ])('meets it: %s', (reply) => {
    const lines = [...crisis, `[0:15] A: ${reply}`, '[0:24] C: Okay.'];
    expect(statusOf('healthcare-inbound', 'emergency-response', call(...lines))).toBe('met');
  });

  it('still misses a reply that only mentions the line exists (guard)', () => {
    const lines = [
      ...crisis,
      '[0:15] A: Our crisis line number is printed on the back of your card. Now, about that appointment.',
      '[0:24] C: Okay.',
    ];
    expect(statusOf('healthcare-inbound', 'emergency-response', call(...lines))).toBe('missed');
  });
});
