import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Models } from 'purecloud-platform-client-v2';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  emailMessage,
  emailPreviews,
  generateConversations,
  messageConversation,
  messageData,
  recordingsFor,
  staTranscriptDocument,
  syntheticWav,
  seededConversations,
  QUEUES,
  surveyFor,
  SURVEY_FORM,
  type SeededGenesysCall,
  type SimConversation,
} from './fixtures';

export interface GenesysSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  seed?: number;
  conversations?: number;
  /**
   * Serve exactly these conversations instead of generated ones (seed, conversations, start and
   * spanHours are then ignored): how another simulator's seed data reaches this one.
   */
  calls?: readonly SeededGenesysCall[];
  /** Enforced per access token over a sliding minute. Default 300, the published limit. */
  rateLimitPerMinute?: number;
  /** Clock for the rate-limit window and job progress; inject a fake one to run minutes in ms. */
  now?: () => number;
  /** First conversation start (default 2026-11-01T00:00:00Z) and the span they are spread over. */
  start?: string;
  spanHours?: number;
  /** Results one details-query interval may page through (Genesys: 100,000). */
  pagingCap?: number;
  clients?: readonly { clientId: string; clientSecret: string }[];
  orgId?: string;
  /** Integration type ids the org is entitled to (the premium app's type id). */
  entitledIntegrationTypes?: readonly string[];
  /** Permissions the OAuth client lacks: routes that need them answer 403. */
  deniedPermissions?: readonly string[];
  /** Polls an async details job stays QUEUED/RUNNING before FULFILLED. */
  jobPollsUntilFulfilled?: number;
  /** Async job result page size ceiling. */
  jobPageSizeMax?: number;
  /** Evaluations one agent may receive per day (Genesys: 50 by default). */
  evaluationsPerAgentPerDay?: number;
  /**
   * The org's voice transcription setting (GET /api/v2/routing/settings/transcription):
   * `Disabled` means Speech & Text Analytics makes no transcripts at all. Default `EnabledGlobally`.
   */
  transcription?: 'Disabled' | 'EnabledGlobally' | 'EnabledQueueFlow';
  /**
   * Serve this raw payload instead of the generated details for these conversation ids (drift,
   * malformed records, published-sample shapes). The conversation keeps its time slot.
   */
  detailsOverride?: Readonly<Record<string, unknown>>;
  /** The org's queues (GET /api/v2/routing/queues). Default the three fixture QUEUES. */
  queueIds?: readonly string[];
}

export interface SimulatorStats {
  /** API requests answered (not counting token and pre-signed downloads). */
  requests: number;
  rateLimited: number;
  tokensIssued: number;
  downloads: number;
  byOperation: Record<string, number>;
  evaluationsCreated: number;
  evaluationReplays: number;
  coachingCreated: number;
  metricDataItems: number;
  channelsCreated: number;
}

interface Evaluation {
  key: string | undefined;
  body: Models.Evaluation;
}

export interface GenesysSimulator {
  url: string;
  port: number;
  stats: SimulatorStats;
  conversations: readonly SimConversation[];
  /** State pushes landed in, for assertions. */
  pushed: {
    evaluations: Models.Evaluation[];
    coaching: Models.CoachingAppointmentResponse[];
    metricData: Map<string, Models.ExternalMetricDataItem>;
    forms: Models.EvaluationFormResponse[];
    metricDefinitions: Models.ExternalMetricDefinition[];
    /** Participant data by `${conversationId}|${participantId}`. */
    participantAttributes: Map<string, Record<string, string>>;
  };
  close(): Promise<void>;
  /** Invalidates every issued token: the next API call gets 401. */
  expireTokens(): void;
  /** Makes the next N API calls fail with this status (fault injection). */
  failNext(status: number, count?: number): void;
  /** Makes the next submitted details job end in FAILED. */
  failNextJob(): void;
  /**
   * Called after a write (coaching appointment, evaluation) is applied and before its answer is
   * sent: a crash test kills the caller here, the window where the platform holds the write but
   * the caller never learnt of it.
   */
  afterWrite?: (operation: 'createCoaching' | 'createEvaluation') => void;
  /** Live: a conversation starts on a queue (queue conversation topic event). */
  startLiveConversation(c: { conversationId: string; queueId: string; agentUserId: string }): void;
  /** Live: one transcription result on `v2.conversations.{id}.transcription`. */
  emitTranscription(
    conversationId: string,
    u: {
      channel: 'INTERNAL' | 'EXTERNAL';
      text: string;
      offsetMs: number;
      durationMs?: number;
      isFinal?: boolean;
      /** Genesys' id of the result; a fresh UUID when not given (redelivery tests pass one). */
      utteranceId?: string;
    },
  ): void;
  endLiveConversation(conversationId: string): void;
  /** Live: closes every notification socket, as a network drop would. */
  dropSockets(): void;
  /** Topics currently subscribed per channel. */
  channelTopics(): Map<string, Set<string>>;
  /** Replaces the org's queue list (a queue created or deleted in the admin UI). */
  setQueues(queueIds: readonly string[]): void;
}

const PERMISSIONS: readonly [RegExp, string][] = [
  [/^POST \/api\/v2\/analytics\/conversations\/details/, 'analytics:conversationDetail:view'],
  [/^GET \/api\/v2\/analytics\/conversations\/details\/jobs/, 'analytics:conversationDetail:view'],
  [/^GET \/api\/v2\/speechandtextanalytics\//, 'speechAndTextAnalytics:transcript:view'],
  [/^GET \/api\/v2\/conversations\/[^/]+\/recordings/, 'recording:recording:view'],
  [/^(GET|POST) \/api\/v2\/recording\/batchrequests/, 'recording:recording:view'],
  [/^(GET|POST) \/api\/v2\/conversations\/(messages|emails)\//, 'conversation:message:view'],
  [/^GET \/api\/v2\/quality\/forms\/evaluations/, 'quality:evaluationForm:view'],
  [/^POST \/api\/v2\/quality\/forms\/evaluations/, 'quality:evaluationForm:add'],
  [/^POST \/api\/v2\/quality\/publishedforms\/evaluations/, 'quality:evaluationForm:edit'],
  [/^POST \/api\/v2\/quality\/conversations\/[^/]+\/evaluations/, 'quality:evaluation:add'],
  [/^POST \/api\/v2\/coaching\/appointments/, 'coaching:appointment:add'],
  [/^GET \/api\/v2\/coaching\/appointments$/, 'coaching:appointment:view'],
  [
    /^GET \/api\/v2\/employeeperformance\/externalmetrics\/definitions/,
    'employeePerformance:externalMetricDefinition:view',
  ],
  [
    /^POST \/api\/v2\/employeeperformance\/externalmetrics\/definitions/,
    'employeePerformance:externalMetricDefinition:add',
  ],
  [
    /^POST \/api\/v2\/employeeperformance\/externalmetrics\/data/,
    'employeePerformance:externalMetricData:add',
  ],
  [/^GET \/api\/v2\/quality\/surveys\//, 'quality:survey:view'],
  [/^GET \/api\/v2\/quality\/forms\/surveys\//, 'quality:surveyForm:view'],
  [/^GET \/api\/v2\/analytics\/conversations\/[^/]+\/details/, 'analytics:conversationDetail:view'],
  [/^GET \/api\/v2\/integrations\/types/, 'integrations:integration:view'],
  [/^GET \/api\/v2\/routing\/settings\/transcription/, 'routing:transcriptionSettings:view'],
  [/^GET \/api\/v2\/routing\/queues$/, 'routing:queue:view'],
  [/^GET \/api\/v2\/conversations\/[^/]+$/, 'conversation:communication:view'],
];

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startGenesysSimulator(
  options: GenesysSimulatorOptions = {},
): Promise<GenesysSimulator> {
  const now = options.now ?? Date.now;
  const limit = options.rateLimitPerMinute ?? 300;
  const pagingCap = options.pagingCap ?? 100_000;
  const clients = options.clients ?? [{ clientId: 'sim-client', clientSecret: 'sim-secret' }];
  const orgId = options.orgId ?? 'sim-org';
  const entitled = new Set(options.entitledIntegrationTypes ?? ['teachback-premium-app']);
  const denied = new Set(options.deniedPermissions ?? []);
  const startMs = Date.parse(options.start ?? '2026-11-01T00:00:00Z');
  const conversations = options.calls
    ? seededConversations(options.calls)
    : generateConversations({
        seed: options.seed ?? 1,
        count: options.conversations ?? 200,
        startMs,
        spanMs: (options.spanHours ?? 48) * 3_600_000,
      });
  const byId = new Map(conversations.map((c) => [c.id, c]));
  const overrides = new Map(Object.entries(options.detailsOverride ?? {}));
  const transcoding = new Map(conversations.map((c) => [c.id, c.transcodingPolls]));
  const sorted = [...conversations].sort((a, b) => a.startMs - b.startMs || a.id.localeCompare(b.id));

  const stats: SimulatorStats = {
    requests: 0,
    rateLimited: 0,
    tokensIssued: 0,
    downloads: 0,
    byOperation: {},
    evaluationsCreated: 0,
    evaluationReplays: 0,
    coachingCreated: 0,
    metricDataItems: 0,
    channelsCreated: 0,
  };
  const tokens = new Map<string, { clientId: string; valid: boolean }>();
  const windows = new Map<string, number[]>();
  const faults: number[] = [];
  let failJob = false;
  const jobs = new Map<string, { polls: number; failed: boolean; interval: [number, number] }>();
  const batches = new Map<string, { polls: number; items: Models.BatchDownloadRequest[] }>();
  const forms: Models.EvaluationFormResponse[] = [];
  const evaluations: Evaluation[] = [];
  const coaching: Models.CoachingAppointmentResponse[] = [];
  const metricDefinitions: Models.ExternalMetricDefinition[] = [];
  const metricData = new Map<string, Models.ExternalMetricDataItem>();
  const participantAttributes = new Map<string, Record<string, string>>();
  const channels = new Map<
    string,
    { clientId: string; topics: Set<string>; socket?: WebSocket; created: number }
  >();

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      const e =
        err instanceof HttpError ? err : new HttpError(500, 'internal.server.error', 'simulator error');
      if (!res.headersSent) send(res, e.status, { status: e.status, code: e.code, message: e.message });
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const m = /^\/v1\/notifications\/channels\/([^/?]+)/.exec(req.url ?? '');
    const channel = m ? channels.get(m[1]!) : undefined;
    if (!channel) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      channel.socket = ws;
      ws.send(
        JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  function send(
    res: ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (body === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(text);
  }

  async function readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    if (!raw) return undefined;
    if ((req.headers['content-type'] ?? '').includes('x-www-form-urlencoded'))
      return Object.fromEntries(new URLSearchParams(raw));
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      throw new HttpError(400, 'bad.request', 'body is not JSON');
    }
  }

  function overlaps(c: SimConversation, from: number, to: number): boolean {
    return c.startMs < to && c.endMs > from;
  }

  function parseInterval(value: unknown): [number, number] {
    const [a, b] = String(value ?? '').split('/');
    const from = Date.parse(a ?? '');
    const to = Date.parse(b ?? '');
    if (Number.isNaN(from) || Number.isNaN(to) || to <= from)
      throw new HttpError(400, 'bad.request', 'interval is invalid');
    return [from, to];
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', url);
    const path = u.pathname;
    const method = req.method ?? 'GET';

    if (method === 'POST' && path === '/oauth/token') {
      const auth = req.headers.authorization ?? '';
      const [id, secret] = Buffer.from(auth.replace(/^Basic /, ''), 'base64')
        .toString('utf8')
        .split(':');
      const body = (await readBody(req)) as { grant_type?: string } | undefined;
      const known = clients.find((c) => c.clientId === id && c.clientSecret === secret);
      if (body?.grant_type !== 'client_credentials' || !known) {
        return send(res, 401, { error: 'invalid_client', description: 'client authentication failed' });
      }
      const token = randomUUID();
      tokens.set(token, { clientId: known.clientId, valid: true });
      stats.tokensIssued++;
      return send(res, 200, { access_token: token, token_type: 'bearer', expires_in: 86400 });
    }

    if (method === 'GET' && path.startsWith('/sim-s3/')) {
      // Pre-signed storage behaves like S3: the signature is the credential, a Bearer header is refused.
      if (req.headers.authorization)
        return send(res, 400, { code: 'InvalidArgument', message: 'Only one auth mechanism allowed' });
      if (u.searchParams.get('X-Amz-Signature') !== 'sim') return send(res, 403, { code: 'AccessDenied' });
      stats.downloads++;
      const t = /^\/sim-s3\/transcripts\/([^/]+)\/([^/]+)\.json$/.exec(path);
      if (t) {
        const c = byId.get(t[1]!);
        if (!c || c.communicationId !== t[2]) return send(res, 404, { code: 'NoSuchKey' });
        return send(res, 200, staTranscriptDocument(c));
      }
      const r = /^\/sim-s3\/recordings\/([^/]+)\/([^/]+)\.wav$/.exec(path);
      const c = r ? byId.get(r[1]!) : undefined;
      if (!c) return send(res, 404, { code: 'NoSuchKey' });
      const wav = syntheticWav(c);
      res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': String(wav.length) });
      res.end(wav);
      return;
    }

    if (!path.startsWith('/api/v2/')) throw new HttpError(404, 'not.found', 'no such route');

    // ---- auth + rate limit: every API call, per token ----
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const tok = tokens.get(bearer);
    if (!tok || !tok.valid)
      return send(res, 401, { status: 401, code: 'bad.credentials', message: 'Invalid login credentials.' });
    const t = now();
    const win = (windows.get(bearer) ?? []).filter((at) => at > t - 60_000);
    windows.set(bearer, win);
    if (win.length >= limit) {
      stats.rateLimited++;
      const retryAfter = Math.max(1, Math.ceil((win[0]! + 60_000 - t) / 1000));
      return send(
        res,
        429,
        { status: 429, code: 'too.many.requests', message: 'Rate limit exceeded the maximum' },
        {
          'retry-after': String(retryAfter),
          'inin-ratelimit-allowed': String(limit),
          'inin-ratelimit-count': String(win.length),
        },
      );
    }
    win.push(t);
    stats.requests++;
    const fault = faults.shift();
    if (fault !== undefined)
      return send(res, fault, { status: fault, code: 'injected.fault', message: 'injected' });
    const perm = PERMISSIONS.find(([re]) => re.test(`${method} ${path}`))?.[1];
    if (perm && denied.has(perm)) {
      return send(res, 403, {
        status: 403,
        code: 'missing.permissions',
        message: `Missing permission ${perm}`,
        messageParams: { permission: perm },
      });
    }
    const op = (name: string) => (stats.byOperation[name] = (stats.byOperation[name] ?? 0) + 1);
    let m: RegExpExecArray | null;

    // ---- analytics ----
    if (method === 'POST' && path === '/api/v2/analytics/conversations/details/query') {
      op('detailsQuery');
      const q = (await readBody(req)) as Models.ConversationQuery;
      const [from, to] = parseInterval(q?.interval);
      const pageSize = q.paging?.pageSize ?? 25;
      const pageNumber = q.paging?.pageNumber ?? 1;
      if (pageSize > 100) throw new HttpError(400, 'bad.request', 'paging.pageSize may not exceed 100');
      if (pageSize * pageNumber > pagingCap) {
        throw new HttpError(
          400,
          'pagination.limit.exceeded',
          `Pagination may not exceed ${pagingCap} results`,
        );
      }
      const hits = sorted.filter((c) => overlaps(c, from, to));
      const page = hits
        .slice((pageNumber - 1) * pageSize, pageNumber * pageSize)
        .map((c) => (overrides.get(c.id) ?? c.details) as Models.AnalyticsConversationWithoutAttributes);
      const body: Models.AnalyticsConversationQueryResponse = {
        totalHits: hits.length,
        ...(page.length ? { conversations: page } : {}),
      };
      return send(res, 200, body);
    }
    if (method === 'POST' && path === '/api/v2/analytics/conversations/details/jobs') {
      op('createDetailsJob');
      const q = (await readBody(req)) as Models.AsyncConversationQuery;
      const interval = parseInterval(q?.interval);
      const jobId = randomUUID();
      jobs.set(jobId, { polls: 0, failed: failJob, interval });
      failJob = false;
      const body: Models.AsyncQueryResponse = { jobId };
      return send(res, 202, body);
    }
    if (method === 'GET' && path === '/api/v2/analytics/conversations/details/jobs/availability') {
      op('jobsAvailability');
      const last = sorted.at(-1);
      const body: Models.DataAvailabilityResponse = {
        dataAvailabilityDate: new Date(last ? last.endMs : startMs).toISOString(),
      };
      return send(res, 200, body);
    }
    if (
      (m = /^\/api\/v2\/analytics\/conversations\/details\/jobs\/([^/]+)$/.exec(path)) &&
      method === 'GET'
    ) {
      op('getDetailsJob');
      const job = jobs.get(m[1]!);
      if (!job) throw new HttpError(404, 'not.found', 'job not found');
      job.polls++;
      const need = options.jobPollsUntilFulfilled ?? 2;
      const state =
        job.failed && job.polls >= need
          ? 'FAILED'
          : job.polls >= need
            ? 'FULFILLED'
            : job.polls === 1
              ? 'QUEUED'
              : 'PENDING';
      const body: Models.AsyncQueryStatus = { state, submissionDate: new Date(now()).toISOString() };
      return send(res, 200, body);
    }
    if (
      (m = /^\/api\/v2\/analytics\/conversations\/details\/jobs\/([^/]+)\/results$/.exec(path)) &&
      method === 'GET'
    ) {
      op('getDetailsJobResults');
      const job = jobs.get(m[1]!);
      if (!job) throw new HttpError(404, 'not.found', 'job not found');
      if (job.polls < (options.jobPollsUntilFulfilled ?? 2) || job.failed)
        throw new HttpError(400, 'bad.request', 'job is not fulfilled');
      const pageSize = Math.min(
        Number(u.searchParams.get('pageSize') ?? 1000),
        options.jobPageSizeMax ?? 1000,
      );
      const offset = Number(u.searchParams.get('cursor') ?? 0);
      const hits = sorted.filter((c) => overlaps(c, job.interval[0], job.interval[1]));
      const page: Models.AnalyticsConversation[] = hits.slice(offset, offset + pageSize).map((c) => ({
        ...((overrides.get(c.id) ?? c.details) as Models.AnalyticsConversationWithoutAttributes),
        participants: (c.details.participants ?? []).map((p) => ({
          ...p,
          attributes: { ivrSelection: 'pharmacy' },
        })),
      }));
      const next = offset + pageSize < hits.length ? String(offset + pageSize) : undefined;
      const last = sorted.at(-1);
      const body: Models.AnalyticsConversationAsyncQueryResponse = {
        conversations: page,
        ...(next ? { cursor: next } : {}),
        dataAvailabilityDate: new Date(last ? last.endMs : startMs).toISOString(),
      };
      return send(res, 200, body);
    }

    if ((m = /^\/api\/v2\/analytics\/conversations\/([^/]+)\/details$/.exec(path)) && method === 'GET') {
      op('conversationDetails');
      const c = byId.get(m[1]!);
      if (!c) throw new HttpError(404, 'not.found', 'conversation not found');
      return send(res, 200, overrides.get(c.id) ?? c.details);
    }

    // ---- surveys and participant data ----
    if ((m = /^\/api\/v2\/quality\/surveys\/([^/]+)$/.exec(path)) && method === 'GET') {
      op('getSurvey');
      const c = conversations.find((x) => x.survey?.id === m![1]);
      const body = c ? surveyFor(c) : undefined;
      if (!body) throw new HttpError(404, 'not.found', 'survey not found');
      return send(res, 200, body);
    }
    if ((m = /^\/api\/v2\/quality\/forms\/surveys\/([^/]+)$/.exec(path)) && method === 'GET') {
      op('getSurveyForm');
      if (m[1] !== SURVEY_FORM.id) throw new HttpError(404, 'not.found', 'survey form not found');
      return send(res, 200, SURVEY_FORM);
    }
    if (
      (m = /^\/api\/v2\/conversations\/([^/]+)\/participants\/([^/]+)\/attributes$/.exec(path)) &&
      method === 'PATCH'
    ) {
      op('setParticipantAttributes');
      const c = byId.get(m[1]!);
      const participant = c?.details.participants?.find((p) => p.participantId === m![2]);
      if (!c || !participant) throw new HttpError(404, 'not.found', 'participant not found');
      const b = (await readBody(req)) as Models.ParticipantAttributes | undefined;
      const attrs = b?.attributes;
      if (!attrs || typeof attrs !== 'object' || Object.values(attrs).some((v) => typeof v !== 'string'))
        throw new HttpError(400, 'bad.request', 'attributes must map names to strings');
      // PATCH merges: keys not named keep their values.
      const key = `${c.id}|${participant.participantId}`;
      participantAttributes.set(key, { ...(participantAttributes.get(key) ?? {}), ...attrs });
      return send(res, 202);
    }

    // ---- transcripts, bodies, recordings ----
    if (
      (m =
        /^\/api\/v2\/speechandtextanalytics\/conversations\/([^/]+)\/communications\/([^/]+)\/transcripturl$/.exec(
          path,
        ))
    ) {
      op('transcriptUrl');
      const c = byId.get(m[1]!);
      // Keyed by the customer's session (= the recording's sessionId); any other session is a 404.
      if (!c || c.communicationId !== m[2] || !c.hasStaTranscript || options.transcription === 'Disabled')
        throw new HttpError(404, 'not.found', 'transcript not found');
      const body: Models.TranscriptUrl = {
        url: `${url}/sim-s3/transcripts/${c.id}/${c.communicationId}.json?X-Amz-Signature=sim`,
      };
      return send(res, 200, body);
    }
    if ((m = /^\/api\/v2\/conversations\/([^/]+)\/recordings$/.exec(path)) && method === 'GET') {
      op('recordings');
      const c = byId.get(m[1]!);
      if (!c) throw new HttpError(404, 'not.found', 'conversation not found');
      const left = transcoding.get(c.id) ?? 0;
      if (left > 0) {
        transcoding.set(c.id, left - 1);
        return send(res, 202);
      }
      return send(res, 200, recordingsFor(c, new Date(c.endMs + 86_400_000).toISOString()));
    }
    if (method === 'POST' && path === '/api/v2/recording/batchrequests') {
      op('createBatch');
      const b = (await readBody(req)) as Models.BatchDownloadJobSubmission;
      const items = b?.batchDownloadRequestList ?? [];
      if (items.length === 0 || items.length > 100)
        throw new HttpError(400, 'bad.request', 'batchDownloadRequestList must hold 1 to 100 items');
      const id = randomUUID();
      batches.set(id, { polls: 0, items });
      const body: Models.BatchDownloadJobSubmissionResult = {
        id,
        selfUri: `/api/v2/recording/batchrequests/${id}`,
      };
      return send(res, 202, body);
    }
    if ((m = /^\/api\/v2\/recording\/batchrequests\/([^/]+)$/.exec(path)) && method === 'GET') {
      op('getBatch');
      const batch = batches.get(m[1]!);
      if (!batch) throw new HttpError(404, 'not.found', 'batch not found');
      batch.polls++;
      const done = batch.polls >= 2;
      const results: Models.BatchDownloadJobResult[] = done
        ? batch.items.map((it) => {
            const c = byId.get(it.conversationId ?? '');
            if (!c)
              return {
                conversationId: it.conversationId,
                recordingId: it.recordingId,
                errorMsg: 'conversation not found',
              };
            if (c.archived)
              return { conversationId: c.id, recordingId: it.recordingId, errorMsg: 'recording is archived' };
            return {
              conversationId: c.id,
              recordingId: c.recordingId,
              contentType: 'audio/wav',
              resultUrl: `${url}/sim-s3/recordings/${c.id}/${c.recordingId}.wav?X-Amz-Signature=sim`,
            };
          })
        : [];
      const body: Models.BatchDownloadJobStatusResult = {
        id: m[1]!,
        jobId: m[1]!,
        expectedResultCount: batch.items.length,
        resultCount: results.length,
        errorCount: results.filter((r) => r.errorMsg).length,
        status: done ? 'COMPLETED' : 'PROCESSING',
        results,
      };
      return send(res, 200, body);
    }
    if ((m = /^\/api\/v2\/conversations\/messages\/([^/]+)$/.exec(path)) && method === 'GET') {
      op('messageConversation');
      const c = byId.get(m[1]!);
      if (!c || c.media !== 'message') throw new HttpError(404, 'not.found', 'conversation not found');
      return send(res, 200, messageConversation(c));
    }
    if (
      (m = /^\/api\/v2\/conversations\/messages\/([^/]+)\/messages\/bulk$/.exec(path)) &&
      method === 'POST'
    ) {
      op('messagesBulk');
      const c = byId.get(m[1]!);
      const ids = ((await readBody(req)) ?? []) as string[];
      if (!c) throw new HttpError(404, 'not.found', 'conversation not found');
      if (ids.length > 1000) throw new HttpError(400, 'bad.request', 'at most 1000 ids');
      return send(res, 200, messageData(c, ids));
    }
    if ((m = /^\/api\/v2\/conversations\/emails\/([^/]+)\/messages$/.exec(path)) && method === 'GET') {
      op('emailMessages');
      const c = byId.get(m[1]!);
      if (!c || c.media !== 'email') throw new HttpError(404, 'not.found', 'conversation not found');
      return send(res, 200, emailPreviews(c));
    }
    if (
      (m = /^\/api\/v2\/conversations\/emails\/([^/]+)\/messages\/([^/]+)$/.exec(path)) &&
      method === 'GET'
    ) {
      op('emailMessage');
      const c = byId.get(m[1]!);
      const msg = c ? emailMessage(c, m[2]!) : undefined;
      if (!msg) throw new HttpError(404, 'not.found', 'message not found');
      return send(res, 200, msg);
    }

    // ---- quality, coaching, gamification ----
    if (path === '/api/v2/quality/forms/evaluations' && method === 'GET') {
      op('listForms');
      const name = u.searchParams.get('name');
      const entities = forms.filter((f) => !name || f.name === name);
      const body: Models.EvaluationFormResponseEntityListing = {
        entities,
        total: entities.length,
        pageNumber: 1,
        pageSize: 25,
      };
      return send(res, 200, body);
    }
    if (path === '/api/v2/quality/forms/evaluations' && method === 'POST') {
      op('createForm');
      const f = (await readBody(req)) as Models.EvaluationForm;
      if (!f?.name || !Array.isArray(f.questionGroups) || f.questionGroups.length === 0) {
        throw new HttpError(400, 'bad.request', 'name and questionGroups are required');
      }
      const questions = f.questionGroups.reduce((s, g) => s + (g.questions?.length ?? 0), 0);
      if (questions > 200) throw new HttpError(400, 'bad.request', 'a form may hold at most 200 questions');
      const form: Models.EvaluationFormResponse = {
        id: randomUUID(),
        name: f.name,
        published: false,
        contextId: randomUUID(),
        questionGroups: f.questionGroups.map((g) => ({
          ...g,
          id: randomUUID(),
          questions: (g.questions ?? []).map((q) => ({
            ...q,
            id: randomUUID(),
            answerOptions: (q.answerOptions ?? []).map((a) => ({ ...a, id: randomUUID() })),
          })),
        })),
      };
      forms.push(form);
      return send(res, 200, form);
    }
    if (path === '/api/v2/quality/publishedforms/evaluations' && method === 'POST') {
      op('publishForm');
      const p = (await readBody(req)) as Models.PublishForm;
      const form = forms.find((f) => f.id === p?.id);
      if (!form) throw new HttpError(404, 'not.found', 'form not found');
      form.published = true;
      return send(res, 200, form);
    }
    if ((m = /^\/api\/v2\/quality\/conversations\/([^/]+)\/evaluations$/.exec(path)) && method === 'POST') {
      op('createEvaluation');
      const key = req.headers['idempotency-key'];
      const b = (await readBody(req)) as Models.EvaluationCreateBody;
      const replay = typeof key === 'string' ? evaluations.find((e) => e.key === key) : undefined;
      if (replay) {
        stats.evaluationReplays++;
        return send(res, 200, replay.body);
      }
      if (!byId.has(m[1]!)) throw new HttpError(404, 'not.found', 'conversation not found');
      const form = forms.find((f) => f.id === b?.evaluationForm?.id);
      if (!form?.published)
        throw new HttpError(400, 'quality.evaluation.form.not.published', 'evaluation form is not published');
      if (!b.agent?.id) throw new HttpError(400, 'bad.request', 'agent.id is required');
      for (const g of b.answers?.questionGroupScores ?? []) {
        const fg = form.questionGroups?.find((x) => x.id === g.questionGroupId);
        if (!fg) throw new HttpError(400, 'bad.request', 'questionGroupId is not on the form');
        for (const s of g.questionScores ?? []) {
          const q = fg.questions?.find((x) => x.id === s.questionId);
          if (!q || (!s.markedNA && !q.answerOptions?.some((a) => a.id === s.answerId))) {
            throw new HttpError(400, 'bad.request', 'questionId/answerId is not on the form');
          }
        }
      }
      // Genesys caps evaluations per agent per day (50 unless raised through support).
      const day = new Date(now()).toISOString().slice(0, 10);
      const agentEvals = evaluations.filter(
        (e) => e.body.agent?.id === b.agent!.id && e.body.createdDate?.slice(0, 10) === day,
      ).length;
      if (agentEvals >= (options.evaluationsPerAgentPerDay ?? 50)) {
        throw new HttpError(
          400,
          'quality.evaluation.agent.daily.limit',
          'evaluations per agent per day exceeded',
        );
      }
      const body: Models.Evaluation = {
        id: randomUUID(),
        conversation: { id: m[1]! },
        evaluationForm: { id: form.id!, name: form.name, questionGroups: [] },
        agent: { id: b.agent.id, version: 1 } as Models.User,
        ...(b.evaluator ? { evaluator: { id: b.evaluator.id, version: 1 } as Models.User } : {}),
        status: b.status ?? 'PENDING',
        answers: b.answers ?? {},
        ...(b.releaseDate ? { releaseDate: b.releaseDate } : {}),
        createdDate: new Date(now()).toISOString(),
      };
      evaluations.push({ key: typeof key === 'string' ? key : undefined, body });
      stats.evaluationsCreated++;
      self.afterWrite?.('createEvaluation');
      return send(res, 200, body);
    }
    if (path === '/api/v2/coaching/appointments' && method === 'POST') {
      op('createCoaching');
      const b = (await readBody(req)) as Models.CreateCoachingAppointmentRequest;
      if (!b?.name || !b.dateStart || !Array.isArray(b.attendeeIds) || b.attendeeIds.length === 0) {
        throw new HttpError(400, 'bad.request', 'name, dateStart and attendeeIds are required');
      }
      if (!(b.lengthInMinutes > 0 && b.lengthInMinutes <= 60))
        throw new HttpError(400, 'bad.request', 'lengthInMinutes must be 1..60');
      const appt: Models.CoachingAppointmentResponse = {
        id: randomUUID(),
        name: b.name,
        description: b.description,
        dateStart: b.dateStart,
        lengthInMinutes: b.lengthInMinutes,
        status: 'Scheduled',
        attendees: b.attendeeIds.map((id) => ({ id })),
        ...(b.facilitatorId ? { facilitator: { id: b.facilitatorId } } : {}),
        conversations: (b.conversationIds ?? []).map((id) => ({ id })),
        ...(b.externalLinks ? { externalLinks: b.externalLinks } : {}),
        dateCreated: new Date(now()).toISOString(),
      };
      coaching.push(appt);
      stats.coachingCreated++;
      self.afterWrite?.('createCoaching');
      return send(res, 200, appt);
    }
    if (path === '/api/v2/coaching/appointments' && method === 'GET') {
      // GET /api/v2/coaching/appointments: userIds (required, repeated), interval (ISO start/end,
      // matched against dateStart), pageNumber, pageSize (at most 100); newest first by default.
      op('listCoaching');
      const userIds = u.searchParams.getAll('userIds').flatMap((v) => v.split(','));
      if (userIds.length === 0) throw new HttpError(400, 'bad.request', 'userIds is required');
      const pageSize = Number(u.searchParams.get('pageSize') ?? 25);
      const pageNumber = Number(u.searchParams.get('pageNumber') ?? 1);
      if (!(pageSize >= 1 && pageSize <= 100))
        throw new HttpError(400, 'bad.request', 'pageSize must be 1..100');
      const interval = u.searchParams.get('interval');
      const [from, to] = interval ? interval.split('/').map((t) => Date.parse(t)) : [-Infinity, Infinity];
      if (interval && !(Number.isFinite(from) && Number.isFinite(to)))
        throw new HttpError(400, 'bad.request', 'interval must be start/end ISO-8601');
      const wanted = new Set(userIds);
      const matching = coaching
        .filter(
          (a) =>
            a.attendees?.some((x) => wanted.has(x.id ?? '')) ||
            (a.facilitator && wanted.has(a.facilitator.id ?? '')),
        )
        .filter((a) => {
          const t = Date.parse(a.dateStart ?? '');
          return t >= from! && t < to!;
        })
        .reverse();
      const body: Models.CoachingAppointmentResponseList = {
        entities: matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
        pageSize,
        pageNumber,
        total: matching.length,
        pageCount: Math.ceil(matching.length / pageSize),
      };
      return send(res, 200, body);
    }
    if (path === '/api/v2/employeeperformance/externalmetrics/definitions' && method === 'GET') {
      op('listMetricDefinitions');
      const body: Models.ExternalMetricDefinitionListing = {
        entities: metricDefinitions,
        total: metricDefinitions.length,
      };
      return send(res, 200, body);
    }
    if (path === '/api/v2/employeeperformance/externalmetrics/definitions' && method === 'POST') {
      op('createMetricDefinition');
      const b = (await readBody(req)) as Models.ExternalMetricDefinitionCreateRequest;
      if (!b?.name || !b.unit) throw new HttpError(400, 'bad.request', 'name and unit are required');
      if (metricDefinitions.length >= 50)
        throw new HttpError(400, 'bad.request', 'at most 50 external metrics per org');
      if (metricDefinitions.some((d) => d.name === b.name))
        throw new HttpError(409, 'conflict', 'metric name already exists');
      const d: Models.ExternalMetricDefinition = {
        ...b,
        id: randomUUID(),
        retentionMonths: 24,
        inUse: false,
      };
      metricDefinitions.push(d);
      return send(res, 200, d);
    }
    if (path === '/api/v2/employeeperformance/externalmetrics/data' && method === 'POST') {
      op('writeMetricData');
      const b = (await readBody(req)) as Models.ExternalMetricDataWriteRequest;
      const processed: Models.ExternalMetricDataProcessedItem[] = [];
      const unprocessed: Models.ExternalMetricDataUnprocessedItem[] = [];
      for (const it of b?.items ?? []) {
        if (!metricDefinitions.some((d) => d.id === it.metricId)) {
          unprocessed.push({
            ...it,
            code: 'MetricNotFound',
            message: 'metric not found',
          } as Models.ExternalMetricDataUnprocessedItem);
          continue;
        }
        // One value per user, metric and day: a rewrite replaces, it does not add.
        metricData.set(`${it.userId}|${it.metricId}|${it.dateOccurred}`, it);
        stats.metricDataItems++;
        processed.push({ ...it } as Models.ExternalMetricDataProcessedItem);
      }
      const body: Models.ExternalMetricDataWriteResponse = {
        processedEntities: processed,
        unprocessedEntities: unprocessed,
      };
      return send(res, 200, body);
    }

    // ---- capability checks ----
    if (path === '/api/v2/routing/settings/transcription' && method === 'GET') {
      op('transcriptionSettings');
      const body: Models.TranscriptionSettings = {
        transcription: options.transcription ?? 'EnabledGlobally',
        transcriptionConfidenceThreshold: 0,
        lowLatencyTranscriptionEnabled: false,
        contentSearchEnabled: false,
        pciDssRedactionEnabled: false,
        piiRedactionEnabled: true,
      };
      return send(res, 200, body);
    }
    if (path === '/api/v2/notifications/availabletopics' && method === 'GET') {
      op('availableTopics');
      // Topics appear only when the caller holds their permissions; transcription also needs STA on.
      const topics: Models.AvailableTopic[] = [
        {
          id: 'v2.routing.queues.{id}.conversations.calls',
          requiresPermissions: ['routing:queue:view'],
        },
        {
          id: 'v2.conversations.{id}.transcription',
          requiresPermissions: ['speechAndTextAnalytics:data:view'],
        },
      ];
      const body: Models.AvailableTopicEntityListing = {
        entities: topics.filter(
          (t) =>
            (t.requiresPermissions ?? []).every((p) => !denied.has(p)) &&
            !(t.id!.endsWith('.transcription') && options.transcription === 'Disabled'),
        ),
      };
      return send(res, 200, body);
    }

    // ---- install checks ----
    if (path === '/api/v2/tokens/me' && method === 'GET') {
      op('tokensMe');
      const body: Models.TokenInfo = {
        organization: { id: orgId, name: 'Northwind Health (simulated)' },
        OAuthClient: { id: tok.clientId, name: 'Teachback' } as Models.OrgOAuthClient,
      };
      return send(res, 200, body);
    }
    if (path === '/api/v2/organizations/me' && method === 'GET') {
      op('organizationsMe');
      const body: Models.Organization = {
        id: orgId,
        name: 'Northwind Health (simulated)',
        version: 1,
        state: 'active',
      };
      return send(res, 200, body);
    }
    if ((m = /^\/api\/v2\/integrations\/types\/([^/]+)$/.exec(path)) && method === 'GET') {
      op('integrationType');
      if (!entitled.has(m[1]!)) throw new HttpError(404, 'not.found', 'integration type not found');
      const body: Models.IntegrationType = {
        id: m[1]!,
        name: 'Teachback',
        provider: 'teachback',
        category: 'premium',
      };
      return send(res, 200, body);
    }

    // ---- queues ----
    if (path === '/api/v2/routing/queues' && method === 'GET') {
      op('listQueues');
      // Genesys: pageSize default 25; pages numbered from 1; sorted by name.
      const pageSize = Number(u.searchParams.get('pageSize') ?? 25);
      const pageNumber = Number(u.searchParams.get('pageNumber') ?? 1);
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500)
        throw new HttpError(400, 'bad.request', 'pageSize must be 1..500');
      if (!Number.isInteger(pageNumber) || pageNumber < 1)
        throw new HttpError(400, 'bad.request', 'pageNumber must be >= 1');
      const all = orgQueues.map((id, i) => ({ id, name: `Queue ${String(i).padStart(5, '0')}` }));
      const body: Models.QueueEntityListing = {
        entities: all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
        pageSize,
        pageNumber,
        total: all.length,
        pageCount: Math.ceil(all.length / pageSize),
      };
      return send(res, 200, body);
    }

    // ---- conversations (live) ----
    if ((m = /^\/api\/v2\/conversations\/([^/]+)$/.exec(path)) && method === 'GET') {
      op('getConversation');
      const id = m[1]!;
      const l = live.get(id);
      if (l) {
        const body: Models.Conversation = {
          id,
          startTime: new Date(now()).toISOString(),
          participants: [
            { id: `${id}-customer`, purpose: 'customer' },
            { id: `${id}-acd`, purpose: 'acd', queueId: l.queueId },
            { id: `${id}-agent`, purpose: 'agent', userId: l.agentUserId, queueId: l.queueId },
          ],
        };
        return send(res, 200, body);
      }
      const c = byId.get(id);
      if (!c) throw new HttpError(404, 'not.found', 'conversation not found');
      const body: Models.Conversation = {
        id,
        startTime: new Date(c.startMs).toISOString(),
        endTime: new Date(c.endMs).toISOString(),
        participants: (c.details.participants ?? []).map((p) => ({
          ...(p.participantId ? { id: p.participantId } : {}),
          ...(p.purpose ? { purpose: p.purpose } : {}),
          ...(p.userId ? { userId: p.userId } : {}),
          endTime: new Date(c.endMs).toISOString(),
        })),
      };
      return send(res, 200, body);
    }

    // ---- notifications ----
    if (path === '/api/v2/notifications/channels' && method === 'POST') {
      op('createChannel');
      const mine = [...channels.entries()]
        .filter(([, c]) => c.clientId === tok.clientId)
        .sort((a, b) => a[1].created - b[1].created);
      if (mine.length >= 20) {
        // The 21st channel evicts the oldest, as Genesys documents.
        const [oldId, old] = mine[0]!;
        old.socket?.close(4000, 'channel evicted');
        channels.delete(oldId);
      }
      const id = `streaming-${randomUUID()}`;
      channels.set(id, { clientId: tok.clientId, topics: new Set(), created: stats.channelsCreated++ });
      const body: Models.Channel = {
        id,
        connectUri: `ws://127.0.0.1:${port}/v1/notifications/channels/${id}`,
        expires: new Date(now() + 86_400_000).toISOString(),
      };
      return send(res, 200, body);
    }
    if (
      (m = /^\/api\/v2\/notifications\/channels\/([^/]+)\/subscriptions$/.exec(path)) &&
      (method === 'PUT' || method === 'POST')
    ) {
      op('setTopics');
      const ch = channels.get(m[1]!);
      if (!ch) throw new HttpError(404, 'not.found', 'channel not found');
      const topics = ((await readBody(req)) ?? []) as Models.ChannelTopic[];
      const next = method === 'PUT' ? new Set<string>() : new Set(ch.topics);
      for (const t of topics) if (t.id) next.add(t.id);
      if (next.size > 1000)
        throw new HttpError(400, 'notification.too.many.topics', 'a channel may hold at most 1000 topics');
      ch.topics = next;
      const body: Models.ChannelTopicEntityListing = {
        entities: [...next].map((id) => ({ id, state: 'Permitted' })),
      };
      return send(res, 200, body);
    }

    throw new HttpError(404, 'not.found', 'no such route');
  }

  function publish(topic: string, eventBody: unknown): void {
    for (const ch of channels.values()) {
      if (ch.topics.has(topic) && ch.socket?.readyState === 1)
        ch.socket.send(JSON.stringify({ topicName: topic, version: '2', eventBody }));
    }
  }

  const live = new Map<string, { queueId: string; agentUserId: string }>();
  let orgQueues: string[] = [...(options.queueIds ?? QUEUES)];

  const self: GenesysSimulator = {
    url,
    port,
    stats,
    conversations,
    pushed: {
      get evaluations() {
        return evaluations.map((e) => e.body);
      },
      coaching,
      metricData,
      forms,
      metricDefinitions,
      participantAttributes,
    },
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    expireTokens: () => {
      for (const t of tokens.values()) t.valid = false;
    },
    failNext: (status, count = 1) => {
      for (let i = 0; i < count; i++) faults.push(status);
    },
    failNextJob: () => {
      failJob = true;
    },
    startLiveConversation: ({ conversationId, queueId, agentUserId }) => {
      live.set(conversationId, { queueId, agentUserId });
      publish(`v2.routing.queues.${queueId}.conversations.calls`, {
        id: conversationId,
        participants: [
          { purpose: 'customer', state: 'connected' },
          { purpose: 'agent', userId: agentUserId, state: 'connected' },
        ],
      });
    },
    emitTranscription: (conversationId, utt) => {
      const body: Models.TranscriptionTopicTranscriptionMessage = {
        conversationId,
        communicationId: `${conversationId}-comm`,
        sessionStartTimeMs: 0,
        transcriptionStartTimeMs: 0,
        transcripts: [
          {
            utteranceId: utt.utteranceId ?? randomUUID(),
            isFinal: utt.isFinal ?? true,
            channel: utt.channel,
            alternatives: [
              {
                transcript: utt.text,
                confidence: 0.9,
                offsetMs: utt.offsetMs,
                durationMs: utt.durationMs ?? 1500,
              },
            ],
          },
        ],
      };
      publish(`v2.conversations.${conversationId}.transcription`, body);
    },
    endLiveConversation: (conversationId) => {
      const c = live.get(conversationId);
      publish(`v2.conversations.${conversationId}.transcription`, {
        conversationId,
        status: { status: 'SESSION_ENDED' },
      } satisfies Models.TranscriptionTopicTranscriptionMessage);
      if (c) {
        publish(`v2.routing.queues.${c.queueId}.conversations.calls`, {
          id: conversationId,
          participants: [
            { purpose: 'customer', state: 'terminated', endTime: new Date(now()).toISOString() },
            {
              purpose: 'agent',
              userId: c.agentUserId,
              state: 'terminated',
              endTime: new Date(now()).toISOString(),
            },
          ],
        });
      }
      live.delete(conversationId);
    },
    dropSockets: () => {
      for (const ch of channels.values()) {
        ch.socket?.terminate();
        delete ch.socket;
      }
    },
    setQueues: (ids) => {
      orgQueues = [...ids];
    },
    channelTopics: () => new Map([...channels.entries()].map(([id, c]) => [id, new Set(c.topics)])),
  };
  return self;
}
