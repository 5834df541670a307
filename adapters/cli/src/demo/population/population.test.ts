import { demoPopulation, type DemoPopulationOptions } from './population';
import { genesysCalls } from './genesys';

const options: DemoPopulationOptions = {
  seed: 42,
  count: 150,
  agents: 20,
  startMs: Date.parse('2026-12-01T08:00:00Z'),
  spanMs: 18 * 3_600_000,
};

describe('the demo population', () => {
  const population = demoPopulation(options);

  it('is the same for the same seed and another for another seed', () => {
    expect(demoPopulation(options)).toEqual(population);
    const other = demoPopulation({ ...options, seed: 43 });
    expect(other.calls.map((c) => c.lines)).not.toEqual(population.calls.map((c) => c.lines));
  });

  it('has voice calls, chats, emails and texts', () => {
    const channels = new Set(population.calls.map((c) => c.channel));
    expect([...channels].sort()).toEqual(['chat', 'email', 'sms', 'voice']);
    const voice = population.calls.filter((c) => c.channel === 'voice').length;
    expect(voice / population.calls.length).toBeGreaterThan(0.4);
    expect(voice / population.calls.length).toBeLessThan(0.8);
  });

  it('has household landlines that two patients call from', () => {
    const callersByPhone = new Map<string, Set<string>>();
    for (const c of population.calls.filter((x) => x.channel === 'voice' && x.phone)) {
      callersByPhone.set(c.phone!, (callersByPhone.get(c.phone!) ?? new Set()).add(c.patient.key));
    }
    const shared = [...callersByPhone].filter(([, callers]) => callers.size >= 2);
    expect(shared.length).toBeGreaterThanOrEqual(1);
    for (const [, callers] of shared) {
      const household = new Set(
        population.patients.filter((p) => callers.has(p.key)).map((p) => p.householdKey),
      );
      expect(household.size).toBe(1);
      expect([...household][0]).toBeDefined();
    }
  });

  it('writes each conversation in its own words', () => {
    const scripts = population.calls.map((c) => c.lines.map((l) => l.text).join('\n'));
    expect(new Set(scripts).size).toBe(scripts.length);
    // Opening lines vary: no single wording opens more than a third of the conversations.
    const openings = new Map<string, number>();
    for (const c of population.calls) {
      const first = c.lines[0]!.text.replace(/\b[A-Z][a-z]+\b/g, 'Name');
      openings.set(first, (openings.get(first) ?? 0) + 1);
    }
    expect(Math.max(...openings.values())).toBeLessThan(population.calls.length / 3);
  });

  it('uses synthetic people only: 555 numbers and example.org addresses', () => {
    for (const p of population.patients) {
      expect(p.landline).toMatch(/^\+1555\d{7}$/);
      expect(p.mobile).toMatch(/^\+1555\d{7}$/);
      expect(p.email).toMatch(/@example\.org$/);
    }
  });

  it('plans a few emergencies and crises, some handled well and some badly', () => {
    const planned = population.calls.flatMap((c) =>
      c.behaviour.kind === 'service' && c.behaviour.escalation ? [c.behaviour.escalation] : [],
    );
    for (const kind of ['emergency', 'crisis'] as const) {
      expect(planned.filter((e) => e.kind === kind && e.handling === 'well').length).toBeGreaterThanOrEqual(
        1,
      );
      expect(planned.filter((e) => e.kind === kind && e.handling === 'badly').length).toBeGreaterThanOrEqual(
        1,
      );
    }
    expect(planned.length).toBeLessThan(population.calls.length / 10);
  });

  it('serves every call through the Genesys simulator with its own script, queue and address', () => {
    const calls = genesysCalls(population);
    expect(new Set(calls.map((c) => c.id)).size).toBe(calls.length);
    for (const [i, g] of calls.entries()) {
      const c = population.calls[i]!;
      expect(g.lines).toEqual(c.lines);
      expect(g.customerName).toBe(c.patient.name);
      if (c.channel === 'voice' || c.channel === 'sms') expect(g.customerPhone).toBe(c.phone);
      else expect(g.customerEmail).toBe(c.patient.email);
    }
    expect(new Set(calls.map((c) => c.queueId)).size).toBe(2);
  });
});
