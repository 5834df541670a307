import type { RouteSpec } from './route';
import { BASE_ROUTES } from './base';
import { LIVE_ROUTES } from './live';
import { OVERSIGHT_ROUTES } from './oversight';
import { ADMIN_ROUTES } from './admin';
import { REVIEW_ROUTES } from './review';
import { MINING_ROUTES } from './mining';

export * from './route';
export { liveGuidance } from './base';

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
];
