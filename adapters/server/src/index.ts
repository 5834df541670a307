export { createServerApp, DEFAULT_FRAME_ANCESTORS, WIDGET_DIR, type ServerOptions } from './app';
export { AuthConfig, createAuthenticator, hashApiKey, issueSessionToken, TOKEN_VERSION_CLAIM } from './auth';
export { buildOpenApi } from './openapi';
export {
  ROUTES,
  liveGuidance,
  type SyncOperations,
  type ConnectionOperations,
  type RouteSpec,
  type MetricsRouteOptions,
  mintSurveyLink,
  rampOf,
  SURVEY_QUESTIONS,
} from './routes';
export { startServer, type LiveFeed, type RunningServer } from './listen';
export * from './mining-service';
// The tb_key an admin pastes into a Five9 Web Connector for /webhooks/five9 (one per tenant).
export { connectorKey as five9ConnectorKey } from '@teachback/adapter-five9';
export { LiveHub, type LiveHubOptions, type LiveSubscriber } from './live/hub';
export {
  EncryptedFanout,
  InProcessFanout,
  PostgresFanout,
  RedisFanout,
  fanoutFrom,
  fanoutKeyFromMaster,
  parseFanoutKey,
  type FanoutKey,
  type LiveFanout,
} from './live/fanout';
export { attachLiveStream, STREAM_PATH, type StreamLimits } from './live/stream';
export {
  StreamMessage,
  CallStartInput,
  LiveUtteranceInput,
  UtteranceBatch,
  CLOSE as LIVE_CLOSE_CODES,
} from './live/messages';
export type { GuidanceSession, GuidanceSessionFactory, SessionRequest } from './live/session';
export { catalogSessions } from './live/session';
export {
  GenesysLiveSubscriptions,
  bridgeGenesysLive,
  type GenesysBridgeOptions,
  type GenesysLiveConnection,
  type GenesysLiveOptions,
  type GenesysLiveTenant,
  type LiveLeases,
} from './live/genesys';
export { PostgresLiveLeases } from './live/leases';
export { csvCell } from './routes/review';
