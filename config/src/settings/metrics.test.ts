import { TeachbackError } from '@teachback/core';
import { loadSettings } from './load';
import { metricsDefinitionsFor } from './metrics';

describe('metrics settings', () => {
  it('gives the documented defaults with nothing set', () => {
    const m = loadSettings({ env: {} }).metrics;
    expect(m.fcrWindowDays).toBe(7);
    expect(m.survey).toEqual({ ttlHours: 72 });
    expect(m.funnel).toEqual({ stages: [], dispositions: {} });
    expect(m.tenants).toEqual({});
  });

  it('reads each variable into the definitions', () => {
    const m = loadSettings({
      env: {
        TEACHBACK_METRICS_FCR_WINDOW_DAYS: '14',
        TEACHBACK_METRICS_FUNNEL: JSON.stringify({
          stages: ['Lead', 'Sold'],
          dispositions: { Sale: 'Sold' },
        }),
        TEACHBACK_METRICS_CALL_TYPES: JSON.stringify({
          queues: { Billing: 'billing-insurance' },
          playbooks: { scheduling: 'scheduling-v2' },
        }),
        TEACHBACK_SURVEY_SECRET: 'k'.repeat(32),
        TEACHBACK_SURVEY_TTL_HOURS: '24',
        TEACHBACK_SURVEY_BASE_URL: 'https://tb.example.test',
      },
    }).metrics;
    expect(m.fcrWindowDays).toBe(14);
    expect(m.funnel.dispositions).toEqual({ Sale: 'Sold' });
    expect(m.callTypes.queues).toEqual({ Billing: 'billing-insurance' });
    expect(m.callTypes.playbooks).toEqual({ scheduling: 'scheduling-v2' });
    expect(m.survey).toEqual({ secret: 'k'.repeat(32), ttlHours: 24, baseUrl: 'https://tb.example.test' });
  });

  it('names the variable and the reason, never the secret', () => {
    const fail = (env: Record<string, string>) => {
      try {
        loadSettings({ env });
      } catch (e) {
        if (e instanceof TeachbackError) return e;
      }
      throw new Error('expected CONFIG.INVALID');
    };
    const short = fail({ TEACHBACK_SURVEY_SECRET: 'too-short-secret' });
    expect(short.code).toBe('CONFIG.INVALID');
    expect(short.message).toContain('TEACHBACK_SURVEY_SECRET');
    expect(short.message).toContain('at least 32 characters');
    expect(short.message).not.toContain('too-short-secret');
    const stage = fail({
      TEACHBACK_METRICS_FUNNEL: JSON.stringify({ stages: ['A'], dispositions: { Sale: 'B' } }),
    });
    expect(stage.message).toContain('TEACHBACK_METRICS_FUNNEL');
    expect(stage.message).toContain('stage "B" is not in funnel.stages');
    expect(fail({ TEACHBACK_METRICS_CALL_TYPES: '{"queues":{"Q":"astrology"}}' }).message).toContain(
      'TEACHBACK_METRICS_CALL_TYPES',
    );
  });

  it("uses a tenant's own definitions, with the deployment's survey secret and URL", () => {
    const m = loadSettings({
      env: {
        TEACHBACK_SURVEY_SECRET: 's'.repeat(32),
        TEACHBACK_SURVEY_BASE_URL: 'https://tb.example.test',
        TEACHBACK_METRICS_FCR_WINDOW_DAYS: '5',
      },
      file: undefined,
    }).metrics;
    const withTenant = { ...m, tenants: { clinic: { ...m, fcrWindowDays: 2, survey: { ttlHours: 1 } } } };
    const clinic = metricsDefinitionsFor(withTenant, 'clinic');
    expect(clinic.fcrWindowDays).toBe(2);
    expect(clinic.survey).toEqual({
      ttlHours: 1,
      secret: 's'.repeat(32),
      baseUrl: 'https://tb.example.test',
    });
    const other = metricsDefinitionsFor(withTenant, 'other');
    expect(other.fcrWindowDays).toBe(5);
    expect(other).not.toHaveProperty('tenants');
  });
});
