import type { Models } from 'purecloud-platform-client-v2';
import {
  ConnectorError,
  DEFAULT_RETRY_POLICY,
  Throttle,
  ThrottleRegistry,
  executeWithRetry,
  realSleep,
  requireSecureUrl,
  type RetryPolicy,
} from '@teachback/connector-kit';
import { GENESYS_LIMITS, type RegionId, regionUrls, resolveRegion } from './regions';
import { GenesysErrorCode, classifyGenesysError, toGenesysError } from './errors';
import { newSdkApiClient, platformClient, type ExtendedResponse, type SdkApiClient } from './sdk';

export interface GenesysCredentials {
  clientId: string;
  clientSecret: string;
}

export interface GenesysClientOptions {
  orgId: string;
  /** Region id (`us_east_1`) or host (`mypurecloud.com`). */
  region: string;
  credentials: GenesysCredentials;
  /**
   * Sends login and API calls to this base URL instead of the region, e.g. a local simulator
   * `http://127.0.0.1:PORT`. Downloads and sockets are then only allowed to this host too.
   */
  gateway?: string;
  /** Pace per (org, OAuth client). Default 250/min, under the 300/min token limit. */
  requestsPerMinute?: number;
  /** Shared throttle for this credential (from a ThrottleRegistry). Overrides requestsPerMinute. */
  throttle?: Throttle;
  retry?: Partial<RetryPolicy>;
  /** Extra hosts pre-signed downloads may come from. Default: S3 (`*.amazonaws.com`) unless a gateway is set. */
  downloadHosts?: readonly string[];
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  fetch?: typeof fetch;
}

export interface GenesysClientStats {
  /** API requests sent (every attempt, including retried ones). */
  requests: number;
  logins: number;
  downloads: number;
  /** 429s received. Zero when our pacing holds. */
  rateLimited: number;
  retries: number;
}

/** Key for a ThrottleRegistry: one throttle per (org, OAuth client). */
export const throttleKey = (orgId: string, clientId: string): string => `genesys:${orgId}:${clientId}`;

/**
 * Process-wide throttles for clients built on real time: two GenesysClient instances for the
 * same org and OAuth client (say the sync and the push worker) share one budget.
 */
const SHARED_THROTTLES = new ThrottleRegistry({ requestsPerMinute: GENESYS_LIMITS.defaultRequestsPerMinute });

/**
 * One Genesys org through the real SDK: its own ApiClient (token), one throttle, the one retry
 * table, a fresh client-credentials token on 401 (the SDK only refreshes code-grant tokens).
 */
export class GenesysClient {
  readonly orgId: string;
  readonly region: RegionId;
  readonly stats: GenesysClientStats = { requests: 0, logins: 0, downloads: 0, rateLimited: 0, retries: 0 };
  readonly throttle: Throttle;
  private readonly sdk: SdkApiClient;
  private readonly options: GenesysClientOptions;
  private readonly policy: RetryPolicy;
  private readonly allowedHosts: ReadonlySet<string>;
  private readonly downloadPatterns: readonly string[];
  private readonly apiBase: URL;
  private loginInFlight: Promise<void> | undefined;
  private tokenExpiresAt = 0;
  private readonly apis: {
    AnalyticsApi: InstanceType<typeof platformClient.AnalyticsApi>;
    SpeechTextAnalyticsApi: InstanceType<typeof platformClient.SpeechTextAnalyticsApi>;
    ConversationsApi: InstanceType<typeof platformClient.ConversationsApi>;
    RecordingApi: InstanceType<typeof platformClient.RecordingApi>;
    QualityApi: InstanceType<typeof platformClient.QualityApi>;
    CoachingApi: InstanceType<typeof platformClient.CoachingApi>;
    GamificationApi: InstanceType<typeof platformClient.GamificationApi>;
    TokensApi: InstanceType<typeof platformClient.TokensApi>;
    OrganizationApi: InstanceType<typeof platformClient.OrganizationApi>;
    IntegrationsApi: InstanceType<typeof platformClient.IntegrationsApi>;
    NotificationsApi: InstanceType<typeof platformClient.NotificationsApi>;
    RoutingApi: InstanceType<typeof platformClient.RoutingApi>;
  };

  constructor(options: GenesysClientOptions) {
    const region = resolveRegion(options.region);
    if (!region) {
      throw new ConnectorError(
        GenesysErrorCode.CONFIG_INVALID,
        'region: not one of the 18 Genesys Cloud regions',
      );
    }
    if (!options.orgId) throw new ConnectorError(GenesysErrorCode.CONFIG_INVALID, 'orgId: required');
    if (!options.credentials.clientId || !options.credentials.clientSecret) {
      throw new ConnectorError(
        GenesysErrorCode.CONFIG_INVALID,
        'credentials: clientId and clientSecret are required',
      );
    }
    this.options = options;
    this.orgId = options.orgId;
    this.region = region;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    const requestsPerMinute = options.requestsPerMinute ?? GENESYS_LIMITS.defaultRequestsPerMinute;
    // An injected clock means a test with its own time line; it gets a throttle of its own.
    this.throttle =
      options.throttle ??
      (options.now || options.sleep
        ? new Throttle({
            requestsPerMinute,
            ...(options.now ? { now: options.now } : {}),
            ...(options.sleep ? { sleep: options.sleep } : {}),
          })
        : SHARED_THROTTLES.for(throttleKey(options.orgId, options.credentials.clientId), {
            requestsPerMinute,
          }));
    this.sdk = newSdkApiClient();
    const urls = regionUrls(region);
    this.sdk.setEnvironment(urls.host);
    this.sdk.setReturnExtendedResponses(true);
    if (options.gateway) {
      const g = requireSecureUrl(options.gateway, 'gateway', GenesysErrorCode.CONFIG_INVALID);
      this.sdk.setGateway({
        host: g.hostname,
        protocol: g.protocol.slice(0, -1),
        ...(g.port ? { port: g.port } : {}),
      } as Parameters<SdkApiClient['setGateway']>[0]);
      this.apiBase = g;
      this.allowedHosts = new Set([g.host]);
      this.downloadPatterns = options.downloadHosts ?? [];
    } else {
      this.apiBase = new URL(urls.api);
      this.allowedHosts = new Set([`api.${urls.host}`, `login.${urls.host}`, `streaming.${urls.host}`]);
      this.downloadPatterns = options.downloadHosts ?? ['*.amazonaws.com'];
    }
    this.apis = {
      AnalyticsApi: new platformClient.AnalyticsApi(this.sdk),
      SpeechTextAnalyticsApi: new platformClient.SpeechTextAnalyticsApi(this.sdk),
      ConversationsApi: new platformClient.ConversationsApi(this.sdk),
      RecordingApi: new platformClient.RecordingApi(this.sdk),
      QualityApi: new platformClient.QualityApi(this.sdk),
      CoachingApi: new platformClient.CoachingApi(this.sdk),
      GamificationApi: new platformClient.GamificationApi(this.sdk),
      TokensApi: new platformClient.TokensApi(this.sdk),
      OrganizationApi: new platformClient.OrganizationApi(this.sdk),
      IntegrationsApi: new platformClient.IntegrationsApi(this.sdk),
      NotificationsApi: new platformClient.NotificationsApi(this.sdk),
      RoutingApi: new platformClient.RoutingApi(this.sdk),
    };
    if (options.timeoutMs) (this.sdk as unknown as { timeout: number }).timeout = options.timeoutMs;
  }

  /** Base URL every call goes to (region API or gateway). */
  get baseUrl(): string {
    return this.apiBase.origin;
  }

  private get now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Client-credentials login. Single-flight: concurrent 401s share one token request. */
  login(): Promise<void> {
    this.loginInFlight ??= this.doLogin().finally(() => {
      this.loginInFlight = undefined;
    });
    return this.loginInFlight;
  }

  private async doLogin(): Promise<void> {
    const { clientId, clientSecret } = this.options.credentials;
    await executeWithRetry(async () => {
      this.stats.logins++;
      try {
        const auth = await this.sdk.loginClientCredentialsGrant(clientId, clientSecret);
        this.tokenExpiresAt = auth.tokenExpiryTime;
      } catch (raw) {
        const err = toGenesysError(raw, 'login');
        // A refused client-credentials grant is 400/401: wrong id/secret, never worth a retry.
        if (err.status === 400 || err.status === 401) {
          throw new ConnectorError(
            GenesysErrorCode.AUTH_FAILED,
            'Genesys login refused the OAuth client credentials',
            {
              status: 401,
              details: { operation: 'login' },
            },
          );
        }
        throw err;
      }
    }, this.retryOptions());
  }

  private retryOptions() {
    return {
      policy: this.policy,
      classify: classifyGenesysError,
      ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
      ...(this.options.random ? { random: this.options.random } : {}),
      onRetry: ({ decision }: { decision: { retry: boolean } }) => {
        if (decision.retry) this.stats.retries++;
      },
    };
  }

  private async ensureToken(): Promise<void> {
    // Client-credentials tokens last 24 h by default; renew a minute early rather than eat a 401.
    if (this.tokenExpiresAt - 60_000 <= Date.now()) await this.login();
  }

  /** Runs one SDK call under throttle + retry table, with re-login on 401. */
  async send<T>(operation: string, call: () => Promise<ExtendedResponse<T>>): Promise<ExtendedResponse<T>> {
    await this.ensureToken();
    return executeWithRetry(
      async () => {
        await this.throttle.take();
        this.stats.requests++;
        try {
          return await call();
        } catch (raw) {
          const err = toGenesysError(raw, operation);
          if (err.status === 429) {
            this.stats.rateLimited++;
            // The pause holds back every caller sharing this credential, not just this one.
            if (err.retryAfterMs !== undefined && err.retryAfterMs <= this.policy.maxRetryAfterMs) {
              this.throttle.pause(err.retryAfterMs);
            }
          }
          throw err;
        }
      },
      {
        ...this.retryOptions(),
        reauth: () => this.login(),
        classify: (err) => {
          const o = classifyGenesysError(err);
          // The throttle already waits out Retry-After; sleeping here as well would wait twice.
          if (
            o.status === 429 &&
            o.retryAfterMs !== undefined &&
            o.retryAfterMs <= this.policy.maxRetryAfterMs
          ) {
            return { ...o, retryAfterMs: 0 };
          }
          return o;
        },
      },
    );
  }

  private async body<T>(operation: string, call: () => Promise<unknown>): Promise<T> {
    const res = await this.send<T>(operation, call as () => Promise<ExtendedResponse<T>>);
    return res.body;
  }

  // ---- analytics -------------------------------------------------------------------------

  detailsQuery(query: Models.ConversationQuery): Promise<Models.AnalyticsConversationQueryResponse> {
    return this.body('analytics.detailsQuery', () =>
      this.apis.AnalyticsApi.postAnalyticsConversationsDetailsQuery(query),
    );
  }

  async createDetailsJob(query: Models.AsyncConversationQuery): Promise<string> {
    const res = await this.body<Models.AsyncQueryResponse>('analytics.createDetailsJob', () =>
      this.apis.AnalyticsApi.postAnalyticsConversationsDetailsJobs(query),
    );
    if (!res?.jobId) throw malformed('analytics.createDetailsJob', 'jobId');
    return res.jobId;
  }

  getDetailsJob(jobId: string): Promise<Models.AsyncQueryStatus> {
    return this.body('analytics.getDetailsJob', () =>
      this.apis.AnalyticsApi.getAnalyticsConversationsDetailsJob(jobId),
    );
  }

  getDetailsJobResults(
    jobId: string,
    page: { cursor?: string; pageSize?: number },
  ): Promise<Models.AnalyticsConversationAsyncQueryResponse> {
    return this.body('analytics.getDetailsJobResults', () =>
      this.apis.AnalyticsApi.getAnalyticsConversationsDetailsJobResults(jobId, page),
    );
  }

  /** One conversation's details record (GET /api/v2/analytics/conversations/{id}/details). */
  getConversationDetails(conversationId: string): Promise<Models.AnalyticsConversationWithoutAttributes> {
    return this.body('analytics.conversationDetails', () =>
      this.apis.AnalyticsApi.getAnalyticsConversationDetails(conversationId),
    );
  }

  getDetailsJobsAvailability(): Promise<Models.DataAvailabilityResponse> {
    return this.body('analytics.jobsAvailability', () =>
      this.apis.AnalyticsApi.getAnalyticsConversationsDetailsJobsAvailability(),
    );
  }

  // ---- transcripts and digital bodies ---------------------------------------------------

  /** Pre-signed URL of the STA transcript, or undefined when the communication has none (404). */
  async getTranscriptUrl(conversationId: string, communicationId: string): Promise<string | undefined> {
    try {
      const res = await this.body<Models.TranscriptUrl>('sta.transcriptUrl', () =>
        this.apis.SpeechTextAnalyticsApi.getSpeechandtextanalyticsConversationCommunicationTranscripturl(
          conversationId,
          communicationId,
        ),
      );
      return res?.url;
    } catch (err) {
      if (err instanceof ConnectorError && err.code === GenesysErrorCode.NOT_FOUND) return undefined;
      throw err;
    }
  }

  getMessageConversation(conversationId: string): Promise<Models.MessageConversation> {
    return this.body('conversations.getMessage', () =>
      this.apis.ConversationsApi.getConversationsMessage(conversationId),
    );
  }

  getMessagesBulk(conversationId: string, messageIds: string[]): Promise<Models.TextMessageListing> {
    if (messageIds.length > GENESYS_LIMITS.messagesBulkMaxIds) {
      throw new ConnectorError(GenesysErrorCode.BAD_REQUEST, 'messageIds: at most 1000 per bulk request');
    }
    return this.body('conversations.messagesBulk', () =>
      this.apis.ConversationsApi.postConversationsMessageMessagesBulk(conversationId, { body: messageIds }),
    );
  }

  getEmailMessages(conversationId: string): Promise<Models.EmailMessagePreviewListing> {
    return this.body('conversations.emailMessages', () =>
      this.apis.ConversationsApi.getConversationsEmailMessages(conversationId),
    );
  }

  getEmailMessage(conversationId: string, messageId: string): Promise<Models.EmailMessage> {
    return this.body('conversations.emailMessage', () =>
      this.apis.ConversationsApi.getConversationsEmailMessage(conversationId, messageId),
    );
  }

  // ---- recordings ------------------------------------------------------------------------

  /**
   * Recordings of a conversation. `transcoding: true` when Genesys answered an empty 202 (media
   * still being prepared): the caller decides whether to come back.
   */
  async getConversationRecordings(
    conversationId: string,
    opts: Parameters<InstanceType<typeof platformClient.RecordingApi>['getConversationRecordings']>[1] = {},
  ): Promise<{ transcoding: boolean; recordings: Models.Recording[] }> {
    // The SDK's return type says Recording[]; with extended responses on it is the envelope.
    const res = await this.send<Models.Recording[] | undefined>(
      'recording.list',
      () =>
        this.apis.RecordingApi.getConversationRecordings(conversationId, {
          maxWaitMs: 0,
          formatId: 'NONE',
          ...opts,
        }) as unknown as Promise<ExtendedResponse<Models.Recording[] | undefined>>,
    );
    if (res.status === 202 || !Array.isArray(res.body)) return { transcoding: true, recordings: [] };
    return { transcoding: false, recordings: res.body };
  }

  async createRecordingBatch(items: Models.BatchDownloadRequest[]): Promise<string> {
    if (items.length === 0 || items.length > GENESYS_LIMITS.batchDownloadMaxItems) {
      throw new ConnectorError(GenesysErrorCode.BAD_REQUEST, 'batchDownloadRequestList: 1 to 100 items');
    }
    const res = await this.body<Models.BatchDownloadJobSubmissionResult>('recording.createBatch', () =>
      this.apis.RecordingApi.postRecordingBatchrequests({ batchDownloadRequestList: items }),
    );
    if (!res?.id) throw malformed('recording.createBatch', 'id');
    return res.id;
  }

  getRecordingBatch(jobId: string): Promise<Models.BatchDownloadJobStatusResult> {
    return this.body('recording.getBatch', () => this.apis.RecordingApi.getRecordingBatchrequest(jobId));
  }

  // ---- quality, coaching, gamification ---------------------------------------------------

  findEvaluationForms(name: string): Promise<Models.EvaluationFormResponseEntityListing> {
    return this.body('quality.listForms', () =>
      this.apis.QualityApi.getQualityFormsEvaluations({ name, pageSize: 25 }),
    );
  }

  createEvaluationForm(form: Models.EvaluationForm): Promise<Models.EvaluationFormResponse> {
    return this.body('quality.createForm', () => this.apis.QualityApi.postQualityFormsEvaluations(form));
  }

  publishEvaluationForm(formId: string): Promise<Models.EvaluationFormResponse> {
    return this.body('quality.publishForm', () =>
      this.apis.QualityApi.postQualityPublishedformsEvaluations({ id: formId, published: true }),
    );
  }

  /** The key goes out as the `Idempotency-Key` header: Genesys answers a replay with the first evaluation. */
  createEvaluation(
    conversationId: string,
    body: Models.EvaluationCreateBody,
    idempotencyKey: string,
  ): Promise<Models.Evaluation> {
    return this.body('quality.createEvaluation', () =>
      this.apis.QualityApi.postQualityConversationEvaluations(conversationId, body, { idempotencyKey }),
    );
  }

  createCoachingAppointment(
    body: Models.CreateCoachingAppointmentRequest,
  ): Promise<Models.CoachingAppointmentResponse> {
    return this.body('coaching.createAppointment', () =>
      this.apis.CoachingApi.postCoachingAppointments(body),
    );
  }

  /**
   * One page of the appointments where these users take part, optionally within an ISO interval
   * (`start/end`). Used to read back what Genesys holds before repeating a create after a crash.
   */
  listCoachingAppointments(
    userIds: string[],
    opts: { interval?: string; pageNumber?: number; pageSize?: number } = {},
  ): Promise<Models.CoachingAppointmentResponseList> {
    return this.body('coaching.listAppointments', () =>
      this.apis.CoachingApi.getCoachingAppointments(userIds, {
        pageSize: opts.pageSize ?? 100,
        pageNumber: opts.pageNumber ?? 1,
        ...(opts.interval ? { interval: opts.interval } : {}),
      }),
    );
  }

  listExternalMetricDefinitions(): Promise<Models.ExternalMetricDefinitionListing> {
    return this.body('gamification.listMetricDefinitions', () =>
      this.apis.GamificationApi.getEmployeeperformanceExternalmetricsDefinitions({ pageSize: 100 }),
    );
  }

  createExternalMetricDefinition(
    body: Models.ExternalMetricDefinitionCreateRequest,
  ): Promise<Models.ExternalMetricDefinition> {
    return this.body('gamification.createMetricDefinition', () =>
      this.apis.GamificationApi.postEmployeeperformanceExternalmetricsDefinitions({ body }),
    );
  }

  writeExternalMetricData(
    items: Models.ExternalMetricDataItem[],
  ): Promise<Models.ExternalMetricDataWriteResponse> {
    return this.body('gamification.writeMetricData', () =>
      this.apis.GamificationApi.postEmployeeperformanceExternalmetricsData({ body: { items } }),
    );
  }

  // ---- surveys and participant data --------------------------------------------------------

  /** One post-call survey with its answers (GET /api/v2/quality/surveys/{surveyId}). */
  getSurvey(surveyId: string): Promise<Models.Survey> {
    return this.body('quality.getSurvey', () => this.apis.QualityApi.getQualitySurvey(surveyId));
  }

  /** A survey form (any version) with its question groups and question types. */
  getSurveyForm(formId: string): Promise<Models.SurveyForm> {
    return this.body('quality.getSurveyForm', () => this.apis.QualityApi.getQualityFormsSurvey(formId));
  }

  /**
   * One conversation as it is now (GET /api/v2/conversations/{id}): its participants, whose
   * `agent` / `user` entries carry the Genesys user id of the agent handling it.
   */
  getConversation(conversationId: string): Promise<Models.Conversation> {
    return this.body('conversations.get', () => this.apis.ConversationsApi.getConversation(conversationId));
  }

  /**
   * Sets participant data (PATCH /api/v2/conversations/{id}/participants/{pid}/attributes). Keys
   * not named keep their values; a repeat of the same values changes nothing.
   */
  async setParticipantAttributes(
    conversationId: string,
    participantId: string,
    attributes: Record<string, string>,
  ): Promise<void> {
    // Genesys answers 202 with no body.
    await this.send<unknown>(
      'conversations.setParticipantAttributes',
      () =>
        this.apis.ConversationsApi.patchConversationParticipantAttributes(conversationId, participantId, {
          attributes,
        }) as unknown as Promise<ExtendedResponse<unknown>>,
    );
  }

  /**
   * One page of the org's queues (GET /api/v2/routing/queues, `routing:queue:view`), sorted by
   * name. Live guidance subscribes every queue of an org whose connection names none.
   */
  listQueues(
    pageNumber: number,
    pageSize: number = GENESYS_LIMITS.queuesPageSize,
  ): Promise<Models.QueueEntityListing> {
    return this.body('routing.listQueues', () =>
      this.apis.RoutingApi.getRoutingQueues({
        pageNumber,
        pageSize: Math.min(pageSize, GENESYS_LIMITS.queuesPageSize),
      }),
    );
  }

  // ---- install checks ---------------------------------------------------------------------

  getTokenInfo(): Promise<Models.TokenInfo> {
    return this.body('tokens.me', () => this.apis.TokensApi.getTokensMe());
  }

  getOrganization(): Promise<Models.Organization> {
    return this.body('organizations.me', () => this.apis.OrganizationApi.getOrganizationsMe());
  }

  /** The org's voice transcription setting: `Disabled` means STA makes no transcripts at all. */
  getTranscriptionSettings(): Promise<Models.TranscriptionSettings> {
    return this.body('routing.transcriptionSettings', () =>
      this.apis.RoutingApi.getRoutingSettingsTranscription(),
    );
  }

  /** Notification topics this client may subscribe to (those whose permissions it holds). */
  getAvailableTopics(): Promise<Models.AvailableTopicEntityListing> {
    return this.body('notifications.availableTopics', () =>
      this.apis.NotificationsApi.getNotificationsAvailabletopics(),
    );
  }

  getIntegrationType(typeId: string): Promise<Models.IntegrationType> {
    return this.body('integrations.getType', () => this.apis.IntegrationsApi.getIntegrationsType(typeId));
  }

  // ---- notifications ----------------------------------------------------------------------

  createNotificationChannel(): Promise<Models.Channel> {
    return this.body('notifications.createChannel', () =>
      this.apis.NotificationsApi.postNotificationsChannels(),
    );
  }

  /** Replaces the channel's whole topic list (PUT), which is how a resubscribe after a drop works. */
  setChannelTopics(channelId: string, topics: string[]): Promise<Models.ChannelTopicEntityListing> {
    if (topics.length > GENESYS_LIMITS.topicsPerChannel) {
      throw new ConnectorError(GenesysErrorCode.BAD_REQUEST, 'topics: at most 1000 per channel');
    }
    return this.body('notifications.setTopics', () =>
      this.apis.NotificationsApi.putNotificationsChannelSubscriptions(
        channelId,
        topics.map((id) => ({ id })),
      ),
    );
  }

  /**
   * Checks a URL the platform handed us (pre-signed transcript, batch result, socket) against
   * the configured host(s) so nothing is ever sent elsewhere.
   */
  assertAllowedUrl(url: string, purpose: string): URL {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new ConnectorError(GenesysErrorCode.MALFORMED_RESPONSE, `${purpose}: URL is not valid`);
    }
    const ok =
      this.allowedHosts.has(u.host) ||
      this.downloadPatterns.some((p) =>
        p.startsWith('*.') ? u.hostname.endsWith(p.slice(1)) : u.host === p,
      );
    if (!ok) {
      throw new ConnectorError(
        GenesysErrorCode.HOST_NOT_ALLOWED,
        `${purpose}: host is not the configured Genesys host`,
        {
          details: { purpose },
        },
      );
    }
    return u;
  }

  /**
   * Downloads a pre-signed URL (STA transcript JSON, batch recording). No Bearer header: S3
   * refuses requests that carry one alongside the signature. Not throttled: S3 is not Genesys.
   */
  async download(url: string, purpose: string): Promise<Buffer> {
    const u = this.assertAllowedUrl(url, purpose);
    const doFetch = this.options.fetch ?? fetch;
    return executeWithRetry(async () => {
      this.stats.downloads++;
      let res: Response;
      try {
        res = await doFetch(u, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
      } catch (raw) {
        throw toGenesysError(raw, `download.${purpose}`);
      }
      if (!res.ok) {
        throw toGenesysError(
          { status: res.status, headers: res.headers, body: undefined },
          `download.${purpose}`,
        );
      }
      return Buffer.from(await res.arrayBuffer());
    }, this.retryOptions());
  }

  /** Where a notification socket may connect: the configured host only. */
  notificationSocketUrl(connectUri: string): string {
    return this.assertAllowedUrl(connectUri, 'notifications.socket').toString();
  }
}

function malformed(operation: string, field: string): ConnectorError {
  return new ConnectorError(
    GenesysErrorCode.MALFORMED_RESPONSE,
    `Genesys ${operation}: response has no ${field}`,
    {
      details: { operation, field },
    },
  );
}

export { realSleep };
