import { parseMetricsDefinitions } from './metrics';

describe('metrics definitions', () => {
  it('defaults to a 7-day FCR window and no funnel', () => {
    const d = parseMetricsDefinitions({});
    expect(d.fcrWindowDays).toBe(7);
    expect(d.funnel.stages).toEqual([]);
    expect(d.survey.ttlHours).toBe(72);
  });

  it('names the field and the reason', () => {
    expect(() => parseMetricsDefinitions({ fcrWindowDays: 0 })).toThrow(/fcrWindowDays: at least 1 day/);
    expect(() =>
      parseMetricsDefinitions({ funnel: { stages: ['lead'], dispositions: { 'Sale Made': 'enrolled' } } }),
    ).toThrow(/funnel.dispositions.Sale Made: stage "enrolled" is not in funnel.stages/);
    expect(() => parseMetricsDefinitions({ callTypes: { queues: { Pharmacy: 'refills' } } })).toThrow(
      /callTypes.queues.Pharmacy/,
    );
    expect(() => parseMetricsDefinitions({ survey: { secret: 'short' } })).toThrow(
      /survey.secret: at least 32/,
    );
    expect(() => parseMetricsDefinitions({ surveys: {} })).toThrow(/unrecognized|surveys/);
  });

  it('accepts a call-type to playbook mapping', () => {
    const d = parseMetricsDefinitions({ callTypes: { playbooks: { 'medicare-sales': 'medicare-sales' } } });
    expect(d.callTypes.playbooks['medicare-sales']).toBe('medicare-sales');
  });
});
