import Transport from 'winston-transport';
import { createLogger } from './logger';
import { redactText } from './redact';

const CANARY = {
  name: 'Zebulon Quillfeather',
  phone: '+15559870123',
  phoneLocal: '(555) 987-0123',
  ssn: '078-05-1120',
  dob: '1931-02-28',
  dobUs: '02/28/1931',
  email: 'zebulon.quillfeather@example.test',
  memberId: 'QZX-998877',
  secret: 'sk_live_canary0123456789abcdef',
  bearer: 'canaryBearerToken0123456789',
  password: 'hunter2-canary',
};
const needles = [...Object.values(CANARY), 'Quillfeather', '5559870123', '987-0123', '1931'];

class Capture extends Transport {
  lines: string[] = [];
  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    this.lines.push(String(info[Symbol.for('message')]));
    this.lines.push(JSON.stringify(info));
    const splat = info[Symbol.for('splat')];
    if (splat) this.lines.push(JSON.stringify(splat));
    next();
  }
}

describe('redacting logger canary', () => {
  it('lets no canary PHI or secret reach the transport at any level', () => {
    const capture = new Capture();
    const log = createLogger({ level: 'silly', transports: [capture] });
    const levels = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] as const;
    for (const level of levels) {
      log[level](
        `caller phone ${CANARY.phone} alt ${CANARY.phoneLocal} ssn ${CANARY.ssn} dob ${CANARY.dob} / ${CANARY.dobUs} email ${CANARY.email} member ${CANARY.memberId}`,
      );
      log[level]('interaction stored', {
        interactionId: 'int-1',
        customer: { name: CANARY.name, phone: CANARY.phone, dateOfBirth: CANARY.dob },
        participants: [{ role: 'customer', name: CANARY.name }],
        transcript: { utterances: [{ text: `I am ${CANARY.name}` }] },
        headers: { Authorization: `Bearer ${CANARY.bearer}`, 'X-Api-Key': CANARY.secret },
        url: `https://svc:${CANARY.password}@api.example.test/x?password=${CANARY.password}`,
      });
      log[level]('failed: %s for %o', `member ${CANARY.memberId}`, { email: CANARY.email });
      log.log(level, new Error(`lookup failed for ${CANARY.email} / ${CANARY.phone}`));
      log[level]('with error', {
        err: Object.assign(new Error(`dob ${CANARY.dob}`), { code: 'STORE.NOT_FOUND' }),
      });
    }
    expect(capture.lines.length).toBeGreaterThanOrEqual(levels.length * 5);
    const all = capture.lines.join('\n');
    for (const n of needles)
      expect({ needle: n, found: all.includes(n) }).toEqual({ needle: n, found: false });
    // What is not PHI survives, so logs stay useful.
    expect(all).toContain('int-1');
    expect(all).toContain('STORE.NOT_FOUND');
    expect(all).toContain('interaction stored');
  });

  it('keeps ISO timestamps and ordinary numbers readable', () => {
    expect(redactText('synced 42 calls since 2026-03-01T10:00:00Z in 1500 ms')).toBe(
      'synced 42 calls since 2026-03-01T10:00:00Z in 1500 ms',
    );
  });
});
