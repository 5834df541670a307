import { z } from 'zod';
import {
  ApiKeyInput,
  PlaybookVersionTerms,
  Role,
  UserInput,
  importTranscript,
  scoreTranscript,
  isTeachbackError,
  type Playbook,
} from '@teachback/core';
import { compileForScoring } from '@teachback/config';
import { httpError } from '../errors';
import { checkPlaybookYaml, diffLines, playbookToYaml, type YamlProblem } from './playbook-yaml';
import { authorize, Id, IdParams, listOf, route, type RouteSpec } from './route';

/*
 * The admin screens: users and roles, API keys, platform connections (test and see health), and
 * the playbook editor (YAML checked at the line, versions and diff, trying a draft on a pasted
 * transcript before publishing). Every route needs the admin's write grant on what it manages,
 * so an agent is refused all of them.
 */

const SyncedPlatformParam = z.enum(['genesys', 'five9', 'salesforce']);
const Yaml = z.string().min(1, 'paste the playbook YAML').max(500_000, 'at most 500,000 characters');
const VersionNumber = z
  .string()
  .regex(/^[1-9]\d{0,8}$/, 'a version number (1, 2, ...)')
  .transform(Number);

function problemText(p: YamlProblem): string {
  const at = p.line !== null ? `line ${p.line}, column ${p.column}` : (p.path ?? 'playbook');
  return `${at}: ${p.message}`;
}

/** A draft's score in the shape the editor shows: no transcript text beyond each finding's evidence. */
function tryResult(
  playbook: Playbook,
  ref: { id: string; version: number | 'draft' },
  transcript: string,
  date: string,
) {
  let imported: ReturnType<typeof importTranscript>;
  try {
    imported = importTranscript(transcript, { fileName: 'pasted.txt' });
  } catch (err) {
    if (!isTeachbackError(err) || !err.code.startsWith('IMPORT.')) throw err;
    throw httpError('HTTP.INVALID_REQUEST', `body.transcript: ${err.message}`, {
      fields: ['body.transcript'],
    });
  }
  const r = scoreTranscript(imported.transcript, compileForScoring(playbook), {
    interactionId: 'draft',
    callDate: date,
    scoredAt: new Date().toISOString(),
  });
  return {
    playbook: ref,
    score: r.scorecard.score,
    compliant: r.scorecard.compliant,
    needsReview: r.scorecard.needsReview,
    findings: r.scorecard.findings.map((f) => ({
      criterionId: f.criterionId,
      title: f.title,
      category: f.category,
      severity: f.severity,
      status: f.status,
      evidence: f.evidence.slice(0, 3),
    })),
    escalations: r.escalations.map((e) => ({ type: e.type, severity: e.severity, utterance: e.utterance })),
    utterances: imported.transcript.utterances.length,
  };
}

export const ADMIN_ROUTES: readonly RouteSpec[] = [
  route({
    method: 'get',
    path: '/v1/admin/users',
    summary: "The tenant's users: roles, teams, agent ids, active or not",
    tag: 'admin',
    handler: async ({ ctx, tenantId }, { store }) => listOf(await store.tenants.roster(ctx, tenantId)),
  }),
  route({
    method: 'post',
    path: '/v1/admin/users',
    summary: 'Add a user (admins)',
    tag: 'admin',
    status: 201,
    body: UserInput,
    handler: ({ ctx, tenantId, body }, { store }) => store.tenants.createUser(ctx, tenantId, body),
  }),
  route({
    method: 'put',
    path: '/v1/admin/users/:id',
    summary: "Change a user's roles or teams (admins); takes effect on their next request",
    tag: 'admin',
    params: IdParams,
    body: z
      .strictObject({
        roles: z.array(Role).min(1, 'give at least one role').optional(),
        teamIds: z.array(z.string().min(1).max(200)).max(100).optional(),
      })
      .refine((b) => b.roles !== undefined || b.teamIds !== undefined, {
        path: ['roles'],
        message: 'give roles or teamIds',
      }),
    handler: ({ ctx, tenantId, params, body }, { store }) =>
      store.oversight.updateUser(ctx, tenantId, params.id, body),
  }),
  route({
    method: 'post',
    path: '/v1/admin/users/:id/deactivate',
    summary: 'Deactivate a user (admins): every session issued before now is refused from the next request',
    tag: 'admin',
    params: IdParams,
    handler: ({ ctx, tenantId, params }, { store }) => store.tenants.disableUser(ctx, tenantId, params.id),
  }),
  route({
    method: 'get',
    path: '/v1/admin/api-keys',
    summary: 'API keys: name, roles, first characters, created and revoked (never the key)',
    tag: 'admin',
    handler: async ({ ctx, tenantId }, { store }) => listOf(await store.oversight.listApiKeys(ctx, tenantId)),
  }),
  route({
    method: 'post',
    path: '/v1/admin/api-keys',
    summary:
      'Create an API key (admins). The key is in this response only; Teachback keeps its SHA-256. Send it as `Authorization: ApiKey <key>`',
    tag: 'admin',
    status: 201,
    body: ApiKeyInput,
    handler: async ({ ctx, tenantId, body }, { store }) => {
      const { key, info } = await store.oversight.createApiKey(ctx, tenantId, body);
      return { ...info, key };
    },
  }),
  route({
    method: 'post',
    path: '/v1/admin/api-keys/:id/revoke',
    summary: 'Revoke an API key (admins); refused from the next request',
    tag: 'admin',
    params: IdParams,
    handler: ({ ctx, tenantId, params }, { store }) => store.oversight.revokeApiKey(ctx, tenantId, params.id),
  }),
  route({
    method: 'get',
    path: '/v1/admin/connections',
    summary: 'Connected platforms with the result of their last test (no settings, no secrets)',
    tag: 'admin',
    handler: async ({ ctx, tenantId }, { store }) =>
      listOf(await store.oversight.listConnections(ctx, tenantId)),
  }),
  route({
    method: 'post',
    path: '/v1/admin/connections/:platform/test',
    summary:
      "Test a stored connection: runs the platform's checks and provisioning again with the stored credentials, and keeps the result",
    tag: 'admin',
    params: z.strictObject({ platform: SyncedPlatformParam }),
    handler: async ({ ctx, tenantId, params }, deps) => {
      await authorize(deps, ctx, 'write', 'connection', tenantId);
      if (!deps.connections)
        throw httpError('SERVER.NOT_CONFIGURED', 'connecting platforms is not enabled on this server');
      const stored = await deps.store.tenants.readConnection(ctx, tenantId, params.platform);
      try {
        const report = await deps.connections.connect(tenantId, params.platform, {
          settings: stored.settings,
          credentials: stored.credentials,
        });
        return deps.store.oversight.recordConnectionCheck(ctx, tenantId, {
          platform: params.platform,
          ok: report.ok,
          report: { ...report },
        });
      } catch (err) {
        // The code only: a failed check is kept for the health screen, and messages can name settings.
        const code = isTeachbackError(err) ? err.code : 'CONNECTION.TEST_FAILED';
        return deps.store.oversight.recordConnectionCheck(ctx, tenantId, {
          platform: params.platform,
          ok: false,
          report: { error: code },
        });
      }
    },
  }),
  route({
    method: 'post',
    path: '/v1/admin/connections/:platform/sync',
    summary:
      'Sync now: queue an immediate incremental sync of a connected platform (the one already queued or running is reported instead of a second); audited',
    tag: 'admin',
    status: 202,
    params: z.strictObject({ platform: SyncedPlatformParam }),
    handler: async ({ ctx, tenantId, params }, deps) => {
      await authorize(deps, ctx, 'write', 'connection', tenantId);
      if (!deps.sync?.syncNow)
        throw httpError(
          'SERVER.NOT_CONFIGURED',
          'no job queue is attached to this server: run teachback serve',
        );
      const connected = await deps.store.oversight.listConnections(ctx, tenantId);
      if (!connected.some((c) => c.platform === params.platform))
        throw httpError('STORE.NOT_FOUND', `${params.platform} is not connected`);
      const result = await deps.sync.syncNow(tenantId, params.platform);
      await deps.store.audit.append({
        tenantId,
        actorId: `${ctx.actor.kind}:${ctx.actor.id}`,
        action: 'sync.request',
        resourceType: 'connection',
        resourceId: params.platform,
        outcome: 'success',
        source: ctx.source ?? null,
        details: { job: result.key, outcome: result.outcome },
      });
      return { platform: params.platform, ...result };
    },
  }),
  route({
    method: 'post',
    path: '/v1/admin/playbooks/check',
    summary:
      'Check playbook YAML without saving it: each problem with its line and column, the field, and why (admins)',
    tag: 'admin',
    body: z.strictObject({ yaml: Yaml, id: Id.optional() }),
    handler: async ({ ctx, tenantId, body }, deps) => {
      await authorize(deps, ctx, 'write', 'playbook', tenantId);
      const r = checkPlaybookYaml(body.yaml, {
        version: 'draft',
        ...(body.id !== undefined ? { id: body.id } : {}),
      });
      return r.valid
        ? { valid: true, problems: [], id: r.playbook.id, criteria: r.playbook.criteria.length }
        : { valid: false, problems: r.problems };
    },
  }),
  route({
    method: 'get',
    path: '/v1/admin/playbooks/:id/yaml',
    summary: 'A version of a playbook as YAML for the editor (the newest unless `version` is given)',
    tag: 'admin',
    params: IdParams,
    query: z.strictObject({ version: VersionNumber.optional() }),
    handler: async ({ ctx, tenantId, params, query }, deps) => {
      await authorize(deps, ctx, 'write', 'playbook', tenantId);
      const v =
        query.version !== undefined
          ? await deps.playbooks.version(tenantId, params.id, query.version)
          : await deps.playbooks.latest(tenantId, params.id);
      const { playbook, ...info } = v;
      return { ...info, yaml: playbookToYaml(playbook) };
    },
  }),
  route({
    method: 'get',
    path: '/v1/admin/playbooks/:id/diff',
    summary: 'What changed between two versions of a playbook, line by line (`+` added, `-` removed)',
    tag: 'admin',
    params: IdParams,
    query: z.strictObject({ from: VersionNumber, to: VersionNumber }),
    handler: async ({ ctx, tenantId, params, query }, deps) => {
      await authorize(deps, ctx, 'write', 'playbook', tenantId);
      const [a, b] = await Promise.all([
        deps.playbooks.version(tenantId, params.id, query.from),
        deps.playbooks.version(tenantId, params.id, query.to),
      ]);
      const lines = diffLines(playbookToYaml(a.playbook), playbookToYaml(b.playbook));
      return {
        from: query.from,
        to: query.to,
        added: lines.filter((l) => l.op === '+').length,
        removed: lines.filter((l) => l.op === '-').length,
        lines,
      };
    },
  }),
  route({
    method: 'post',
    path: '/v1/admin/playbooks/:id/publish',
    summary:
      'Publish YAML as the next version (admins): checked first (400 names the line), then saved with its note, effective date and queues',
    tag: 'admin',
    status: 201,
    params: IdParams,
    body: PlaybookVersionTerms.extend({ yaml: Yaml }),
    handler: async ({ ctx, tenantId, params, body }, deps) => {
      await authorize(deps, ctx, 'write', 'playbook', tenantId);
      const { yaml, ...terms } = body;
      const r = checkPlaybookYaml(yaml, { id: params.id, version: 'new' });
      if (!r.valid)
        throw httpError('PLAYBOOK.INVALID', `body.yaml: ${r.problems.map(problemText).join('; ')}`, {
          fields: ['body.yaml'],
        });
      const { playbook: _saved, ...info } = await deps.playbooks.save(ctx, tenantId, r.playbook, terms);
      return info;
    },
  }),
  route({
    method: 'post',
    path: '/v1/admin/playbooks/try',
    summary:
      'Score a pasted transcript without storing anything: against draft YAML, or against the version of `playbookId` in force on `date` (and `queue`), as the next real scoring would',
    tag: 'admin',
    body: z
      .strictObject({
        transcript: z.string().min(1, 'paste a transcript').max(400_000, 'at most 400,000 characters'),
        yaml: Yaml.optional(),
        playbookId: Id.optional(),
        date: z.iso.date('a date as YYYY-MM-DD').optional(),
        queue: Id.optional(),
      })
      .refine((b) => (b.yaml === undefined) !== (b.playbookId === undefined), {
        path: ['yaml'],
        message: 'give exactly one of yaml (a draft) or playbookId (the version in force)',
      }),
    handler: async ({ ctx, tenantId, body }, deps) => {
      await authorize(deps, ctx, 'write', 'playbook', tenantId);
      const date = body.date ?? new Date().toISOString().slice(0, 10);
      let result: ReturnType<typeof tryResult>;
      if (body.yaml !== undefined) {
        const r = checkPlaybookYaml(body.yaml, { version: 'draft' });
        if (!r.valid)
          throw httpError('PLAYBOOK.INVALID', `body.yaml: ${r.problems.map(problemText).join('; ')}`, {
            fields: ['body.yaml'],
          });
        result = tryResult(r.playbook, { id: r.playbook.id, version: 'draft' }, body.transcript, date);
      } else {
        const resolved = await deps.playbooks.resolve(tenantId, {
          playbookId: body.playbookId,
          date,
          ...(body.queue !== undefined ? { queue: body.queue } : {}),
        });
        result = tryResult(resolved.playbook, resolved.ref, body.transcript, date);
      }
      // The pasted text is not kept; the trail records that a trial ran and on what.
      await deps.store.audit.append({
        tenantId,
        actorId: `${ctx.actor.kind}:${ctx.actor.id}`,
        action: 'playbook.try',
        resourceType: 'playbook',
        resourceId: result.playbook.id,
        outcome: 'success',
        source: ctx.source ?? null,
        details: { version: String(result.playbook.version), utterances: result.utterances },
      });
      return result;
    },
  }),
];
