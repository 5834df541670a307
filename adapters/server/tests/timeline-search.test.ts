// POST /v1/timeline/search: a malformed phone or email is the caller's mistake (400 naming the
// field), never a 500; the value is not echoed.
import { PATIENT_PHONE } from './fixture';
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(async () => h?.close());

describe('POST /v1/timeline/search', () => {
  it.each([
    [{ phone: 'call me maybe' }, 'contact.phone'],
    [{ phone: '12' }, 'contact.phone'],
    [{ email: 'not-an-email' }, 'contact.email'],
  ])('answers 400 for %j naming %s', async (contact, field) => {
    const r = await h.call('POST', '/v1/timeline/search', await h.as('sam'), { contact });
    expect(r.status).toBe(400);
    const text = JSON.stringify(r.json);
    expect(text).toContain(field);
    expect(text).not.toContain(Object.values(contact)[0]);
  });

  it('asks for exactly one identifier', async () => {
    const r = await h.call('POST', '/v1/timeline/search', await h.as('sam'), {
      contact: { phone: '+15555550100', email: 'pat@example.org' },
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).toContain('exactly one of phone, email');
  });

  it('still answers a well-formed search', async () => {
    const r = await h.call('POST', '/v1/timeline/search', await h.as('sam'), {
      contact: { phone: PATIENT_PHONE },
    });
    expect(r.status).toBe(200);
  });
});
