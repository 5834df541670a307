import type { RouteSpec } from './route';
import { BASE_ROUTES } from './base';
import { REVIEW_ROUTES } from './review';
import { MINING_ROUTES } from './mining';

export * from './route';
export { liveGuidance } from './base';

/**
 * Every /v1 route, one table per area (routes/<area>.ts); the server mounts them in this order and
 * the OpenAPI document is generated from the same list.
 */
export const ROUTES: readonly RouteSpec[] = [...BASE_ROUTES, ...REVIEW_ROUTES, ...MINING_ROUTES];
