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
export { startServer, type RunningServer } from './listen';
// The tb_key an admin pastes into a Five9 Web Connector for /webhooks/five9 (one per tenant).
export { connectorKey as five9ConnectorKey } from '@teachback/adapter-five9';
