// A text transcript may name its playbook and call date in `# key: value` lines at the top; they
// are not utterances (utterance i is still the i-th non-empty line after the header).
import { importTranscript } from './import';

const call = ['[00:00] Agent: Thanks for calling, this call is recorded.', '[00:05] Caller: Hi there.'].join(
  '\n',
);

function refusal(content: string): { code: string; message: string } {
  try {
    importTranscript(content, { fileName: 'call.txt' });
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected the transcript to be refused');
}

describe('text transcript header', () => {
  it('reads the playbook and date, and keeps them out of the utterances', () => {
    const imported = importTranscript(`# playbook: medicare-sales\n# date: 2026-11-02\n\n${call}`, {
      fileName: 'call.txt',
    });
    expect(imported).toMatchObject({ format: 'text', playbook: 'medicare-sales', callDate: '2026-11-02' });
    expect(imported.transcript.utterances.map((u) => u.speaker)).toEqual(['agent', 'customer']);
    expect(imported.transcript.utterances[0]!.text).toBe('Thanks for calling, this call is recorded.');
  });

  it('is detected as text with a header and no JSON-looking first line', () => {
    expect(importTranscript(`# date: 2026-11-20\n${call}`).format).toBe('text');
  });

  it('leaves both unset without a header', () => {
    const imported = importTranscript(call);
    expect(imported.playbook).toBeUndefined();
    expect(imported.callDate).toBeUndefined();
  });

  it.each([
    ['# date: 2026-13-01', 'line 1', 'date'],
    ['# date: yesterday', 'line 1', 'date'],
    ['# playbook: Medicare Sales!', 'line 1', 'playbook'],
    ['# plabook: medicare-sales', 'line 1', 'plabook'],
    ['# a note about the call', 'line 1', 'header'],
    ['# date: 2026-11-02\n# date: 2026-11-03', 'line 2', 'date'],
  ])('refuses %j naming %s and %s, without echoing the value', (header, line, field) => {
    const e = refusal(`${header}\n${call}`);
    expect(e.code).toBe('IMPORT.INVALID_FIELD');
    expect(e.message).toContain(line);
    expect(e.message).toContain(field);
    expect(e.message).not.toMatch(/yesterday|Medicare Sales!|a note about/);
  });

  it('refuses a header line after the first utterance, saying where it belongs', () => {
    const e = refusal(`${call}\n# playbook: medicare-sales`);
    expect(e.message).toContain('line 3');
    expect(e.message).toContain('before the first utterance');
  });
});

describe('canonical transcript', () => {
  it('may name its playbook too', () => {
    const imported = importTranscript(
      JSON.stringify({
        playbook: 'medicare-sales',
        callDate: '2026-11-02',
        utterances: [{ speaker: 'agent', text: 'Hello.' }],
      }),
    );
    expect(imported).toMatchObject({
      format: 'canonical',
      playbook: 'medicare-sales',
      callDate: '2026-11-02',
    });
  });
});
