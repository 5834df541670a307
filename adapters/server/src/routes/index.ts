import type { RouteSpec } from './route';
import { BASE_ROUTES } from './base';
import { LIVE_ROUTES } from './live';
import { OVERSIGHT_ROUTES } from './oversight';
import { ADMIN_ROUTES } from './admin';
import { REVIEW_ROUTES } from './review';
import { MINING_ROUTES } from './mining';
import { METRICS_ROUTES } from './metrics';
import { SURVEY_ROUTES } from './surveys';

export * from './route';
export { liveGuidance } from './base';
export { METRICS_ROUTES, rampOf, type MetricsRouteOptions } from './metrics';
export { SURVEY_ROUTES, SURVEY_QUESTIONS, mintSurveyLink, surveyPage } from './surveys';
export { signSurveyToken, verifySurveyToken } from './survey-link';

/**
 * Every /v1 route, one table per area (routes/<area>.ts); the server mounts them in this order and
 * the OpenAPI document is generated from the same list.
 */
export const ROUTES: readonly RouteSpec[] = [
  ...BASE_ROUTES,
  ...LIVE_ROUTES,
  ...REVIEW_ROUTES,
  ...OVERSIGHT_ROUTES,
  ...ADMIN_ROUTES,
  ...MINING_ROUTES,
  ...METRICS_ROUTES,
  ...SURVEY_ROUTES,
];
