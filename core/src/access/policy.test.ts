import { ACTIONS, RESOURCE_TYPES, ROLES, type Actor, type ResourceRef, type Role } from './roles';
import { decideAccess } from './policy';
import { CLOCK_SKEW_MS, checkSession as check } from './session';

/**
 * The expected matrix, written out by hand so the test does not restate the grant table's code.
 * One 5-letter cell per resource over [read, search, export, write, delete]:
 * T = whole tenant, M = my teams, O = my own interactions, - = denied.
 */
const EXPECTED: Record<Role, Record<string, string>> = {
  admin: {
    interaction: 'TT---',
    transcript: '-----',
    recording: '-----',
    scorecard: 'TT---',
    escalation: '-----',
    coaching: '-----',
    'coaching-assignment': '-----',
    timeline: '-----',
    contact: '-----',
    'audit-log': '-----',
    user: 'TTTTT',
    tenant: 'T--T-',
    connection: 'TTTTT',
    playbook: 'TTTTT',
    key: 'T--T-',
    'api-key': 'TT-T-',
    mining: 'TT-T-',
    library: 'TT---',
    metrics: 'T-T--',
    survey: 'T--T-',
    'follow-up': '-----',
  },
  supervisor: {
    interaction: 'MMM--',
    transcript: 'MMM--',
    recording: 'MMM--',
    scorecard: 'MMMM-',
    escalation: 'MMMM-',
    coaching: 'MMMM-',
    'coaching-assignment': '---M-',
    timeline: 'TT---',
    contact: 'TT---',
    'audit-log': '-----',
    user: 'TT---',
    tenant: '-----',
    connection: '-----',
    playbook: 'TT---',
    key: '-----',
    'api-key': '-----',
    mining: 'TT-T-',
    library: 'TT-T-',
    metrics: 'T-T--',
    survey: 'T----',
    'follow-up': 'MMMM-',
  },
  agent: {
    interaction: 'OO---',
    transcript: 'OO---',
    recording: 'OO---',
    scorecard: 'OO---',
    escalation: 'OO-O-',
    coaching: 'OO-O-',
    'coaching-assignment': '-----',
    timeline: '-----',
    contact: '-----',
    'audit-log': '-----',
    user: '-----',
    tenant: '-----',
    connection: '-----',
    playbook: 'T----',
    key: '-----',
    'api-key': '-----',
    mining: '-----',
    library: 'TT---',
    metrics: '-----',
    survey: '-----',
    'follow-up': 'OO-O-',
  },
  compliance: {
    interaction: 'TTT--',
    transcript: 'TTT--',
    recording: 'TTT--',
    scorecard: 'TTT--',
    escalation: 'TTT--',
    coaching: 'TTT--',
    'coaching-assignment': '-----',
    timeline: 'TTT--',
    contact: 'TTT--',
    'audit-log': 'TTT--',
    user: 'TT---',
    tenant: 'T----',
    connection: '-----',
    playbook: 'TT---',
    key: '-----',
    'api-key': '-----',
    mining: 'TTT--',
    library: 'TTT--',
    metrics: 'T-T--',
    survey: 'T----',
    'follow-up': 'TTT--',
  },
  'crm-viewer': {
    interaction: 'TT---',
    transcript: '-----',
    recording: '-----',
    scorecard: 'TT---',
    escalation: '-----',
    coaching: '-----',
    'coaching-assignment': '-----',
    timeline: 'TT---',
    contact: 'TT---',
    'audit-log': '-----',
    user: '-----',
    tenant: '-----',
    connection: '-----',
    playbook: '-----',
    key: '-----',
    'api-key': '-----',
    mining: '-----',
    library: '-----',
    metrics: '-----',
    survey: '-----',
    'follow-up': '-----',
  },
  integration: {
    interaction: 'TT-T-',
    transcript: 'TT-T-',
    recording: 'TT-T-',
    scorecard: 'TT-T-',
    escalation: 'TT-T-',
    coaching: 'TT-T-',
    'coaching-assignment': '---T-',
    timeline: '-----',
    contact: 'TT-T-',
    'audit-log': '-----',
    user: '-----',
    tenant: '-----',
    connection: 'T----',
    playbook: 'T----',
    key: '-----',
    'api-key': '-----',
    mining: '-----',
    library: '-----',
    metrics: 'T----',
    survey: 'TT-T-',
    'follow-up': 'TT-T-',
  },
};

function actor(role: Role, over: Partial<Actor> = {}): Actor {
  return {
    kind: 'user',
    id: 'u-1',
    tenantId: 't-a',
    roles: [role],
    teamIds: ['team-1'],
    agentIds: ['agent-1'],
    active: true,
    ...over,
  };
}

const variants: Array<{ name: string; res: (type: ResourceRef['type']) => ResourceRef; allows: string }> = [
  {
    name: 'own',
    res: (type) => ({ type, tenantId: 't-a', ownerAgentIds: ['agent-1'], teamId: 'team-1' }),
    allows: 'TMO',
  },
  {
    name: 'teammate',
    res: (type) => ({ type, tenantId: 't-a', ownerAgentIds: ['agent-2'], teamId: 'team-1' }),
    allows: 'TM',
  },
  {
    name: 'other team',
    res: (type) => ({ type, tenantId: 't-a', ownerAgentIds: ['agent-3'], teamId: 'team-9' }),
    allows: 'T',
  },
];

describe('access policy matrix', () => {
  it('covers every role and resource in the expected table', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) expect(Object.keys(EXPECTED[role]).sort()).toEqual([...RESOURCE_TYPES].sort());
  });

  for (const role of ROLES) {
    for (const type of RESOURCE_TYPES) {
      ACTIONS.forEach((action, i) => {
        const cell = EXPECTED[role][type]![i]!;
        it(`${role} ${action} ${type} = ${cell}`, () => {
          for (const v of variants) {
            const d = decideAccess(actor(role), action, v.res(type));
            const shouldAllow = cell !== '-' && v.allows.includes(cell);
            expect({ variant: v.name, allowed: d.allowed }).toEqual({
              variant: v.name,
              allowed: shouldAllow,
            });
            if (!d.allowed) expect(d.outcome).toBe('forbidden');
          }
          const other = decideAccess(actor(role), action, {
            type,
            tenantId: 't-b',
            ownerAgentIds: ['agent-1'],
            teamId: 'team-1',
          });
          expect(other).toMatchObject({ allowed: false, outcome: 'not_found' });
        });
      });
    }
  }

  it('denies an inactive actor everything, even with every role', () => {
    const a = actor('admin', { roles: ROLES, active: false });
    for (const type of RESOURCE_TYPES) {
      for (const action of ACTIONS) {
        expect(
          decideAccess(a, action, { type, tenantId: 't-a', ownerAgentIds: ['agent-1'], teamId: 'team-1' })
            .allowed,
        ).toBe(false);
      }
    }
  });

  it('denies an actor with no roles', () => {
    expect(
      decideAccess(actor('admin', { roles: [] }), 'read', { type: 'playbook', tenantId: 't-a' }),
    ).toMatchObject({ allowed: false, outcome: 'forbidden' });
  });

  it('denies a team-scoped grant when the resource has no team', () => {
    expect(
      decideAccess(actor('supervisor'), 'read', { type: 'transcript', tenantId: 't-a', teamId: null })
        .allowed,
    ).toBe(false);
  });

  it('combines roles by taking the widest grant', () => {
    const d = decideAccess(actor('agent', { roles: ['agent', 'compliance'] }), 'read', {
      type: 'transcript',
      tenantId: 't-a',
      ownerAgentIds: ['x'],
      teamId: 'y',
    });
    expect(d).toEqual({ allowed: true, scope: 'tenant' });
  });
});

describe('checkSession', () => {
  const subject = {
    id: 'u-1',
    tenantId: 't-a',
    active: true,
    validAfter: '2026-01-01T00:00:00.000Z',
    tokenVersion: 2,
  };
  const claims = { userId: 'u-1', tenantId: 't-a', issuedAt: '2026-02-01T00:00:00.000Z', tokenVersion: 2 };
  const now = Date.parse('2026-02-01T00:00:30.000Z');
  const checkSession = (c: typeof claims, s: typeof subject | undefined) => check(c, s, now);
  it('accepts a current token', () => expect(checkSession(claims, subject)).toEqual({ ok: true }));
  it('refuses tokens issued before validAfter, beyond the clock-skew tolerance', () =>
    expect(checkSession({ ...claims, issuedAt: '2025-12-31T23:59:50.000Z' }, subject)).toEqual({
      ok: false,
      reason: 'revoked',
    }));
  it('accepts a token whose whole-second iat falls in the second the user was created', () =>
    expect(
      checkSession(
        { ...claims, issuedAt: '2026-01-01T00:00:00.000Z' },
        { ...subject, validAfter: '2026-01-01T00:00:00.730Z' },
      ),
    ).toEqual({ ok: true }));
  it('refuses a token issued in the future beyond the tolerance, accepts one within it', () => {
    const ahead = (ms: number) => new Date(now + ms).toISOString();
    expect(checkSession({ ...claims, issuedAt: ahead(CLOCK_SKEW_MS + 1000) }, subject)).toEqual({
      ok: false,
      reason: 'issued-in-future',
    });
    expect(checkSession({ ...claims, issuedAt: ahead(CLOCK_SKEW_MS - 1000) }, subject)).toEqual({ ok: true });
  });
  it('refuses an old token version', () =>
    expect(checkSession({ ...claims, tokenVersion: 1 }, subject)).toEqual({
      ok: false,
      reason: 'stale-version',
    }));
  it('refuses inactive users', () =>
    expect(checkSession(claims, { ...subject, active: false })).toEqual({ ok: false, reason: 'inactive' }));
  it('refuses unknown users and other tenants', () => {
    expect(checkSession(claims, undefined)).toEqual({ ok: false, reason: 'unknown-user' });
    expect(checkSession(claims, { ...subject, tenantId: 't-b' })).toEqual({
      ok: false,
      reason: 'other-tenant',
    });
  });
});
