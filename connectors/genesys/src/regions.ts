import { z } from 'zod';

/**
 * The 18 Genesys Cloud regions, as listed by the SDK's `PureCloudRegionHosts` (v262). Login lives
 * at `login.{host}`, the API at `api.{host}`, notifications at `streaming.{host}`.
 */
export const REGIONS = {
  us_east_1: { host: 'mypurecloud.com', geo: 'Americas', label: 'US East (Virginia)' },
  us_east_2: { host: 'use2.us-gov-pure.cloud', geo: 'Americas', label: 'FedRAMP (US East 2)' },
  us_west_2: { host: 'usw2.pure.cloud', geo: 'Americas', label: 'US West (Oregon)' },
  ca_central_1: { host: 'cac1.pure.cloud', geo: 'Americas', label: 'Canada (Central)' },
  sa_east_1: { host: 'sae1.pure.cloud', geo: 'Americas', label: 'South America (São Paulo)' },
  mx_central_1: { host: 'mxc1.pure.cloud', geo: 'Americas', label: 'Mexico (Central)' },
  eu_west_1: { host: 'mypurecloud.ie', geo: 'EMEA', label: 'EU (Ireland)' },
  eu_west_2: { host: 'euw2.pure.cloud', geo: 'EMEA', label: 'EU (London)' },
  eu_central_1: { host: 'mypurecloud.de', geo: 'EMEA', label: 'EU (Frankfurt)' },
  eu_central_2: { host: 'euc2.pure.cloud', geo: 'EMEA', label: 'EU (Zurich)' },
  me_central_1: { host: 'mec1.pure.cloud', geo: 'EMEA', label: 'Middle East (UAE)' },
  eusc_de_east_1: { host: 'edee1.eusc-pure.cloud', geo: 'EMEA', label: 'EU Sovereign Cloud (Brandenburg)' },
  ap_southeast_2: { host: 'mypurecloud.com.au', geo: 'APAC', label: 'Asia Pacific (Sydney)' },
  ap_northeast_1: { host: 'mypurecloud.jp', geo: 'APAC', label: 'Asia Pacific (Tokyo)' },
  ap_northeast_2: { host: 'apne2.pure.cloud', geo: 'APAC', label: 'Asia Pacific (Seoul)' },
  ap_northeast_3: { host: 'apne3.pure.cloud', geo: 'APAC', label: 'Asia Pacific (Osaka)' },
  ap_south_1: { host: 'aps1.pure.cloud', geo: 'APAC', label: 'Asia Pacific (Mumbai)' },
  ap_southeast_1: { host: 'apse1.pure.cloud', geo: 'APAC', label: 'Asia Pacific (Singapore)' },
} as const satisfies Record<string, { host: string; geo: 'Americas' | 'EMEA' | 'APAC'; label: string }>;

export type RegionId = keyof typeof REGIONS;
export const RegionId = z.enum(Object.keys(REGIONS) as [RegionId, ...RegionId[]]);

const HOSTS: ReadonlyMap<string, RegionId> = new Map(
  (Object.entries(REGIONS) as [RegionId, (typeof REGIONS)[RegionId]][]).map(([id, r]) => [r.host, id]),
);

/**
 * Accepts a region id (`eu_west_1`), a bare host (`mypurecloud.ie`) or an API/login URL
 * (`https://api.mypurecloud.ie`) as admins paste them, and returns the region id.
 */
export function resolveRegion(value: string): RegionId | undefined {
  const v = value.trim().toLowerCase();
  if (v in REGIONS) return v as RegionId;
  const bare = v
    .replace(/^[a-z]+:\/\//, '')
    .replace(/\/.*$/, '')
    .replace(/^(api|login|apps|streaming)\./, '');
  return HOSTS.get(bare);
}

export function regionUrls(region: RegionId): {
  host: string;
  api: string;
  login: string;
  streaming: string;
} {
  const { host } = REGIONS[region];
  return {
    host,
    api: `https://api.${host}`,
    login: `https://login.${host}`,
    streaming: `wss://streaming.${host}`,
  };
}

/** Published limits we pace against (platforms/genesys.md §6). */
export const GENESYS_LIMITS = {
  /** `client.credentials.token.rate.per.minute`. */
  tokenRequestsPerMinute: 300,
  /** Our default pace per (org, OAuth client): headroom under the token limit for other tools. */
  defaultRequestsPerMinute: 250,
  detailsPageSizeMax: 100,
  detailsResultCap: 100_000,
  asyncResultsPageSize: 1000,
  batchDownloadMaxItems: 100,
  messagesBulkMaxIds: 1000,
  notificationChannelsPerApp: 20,
  topicsPerChannel: 1000,
  /** GET /api/v2/routing/queues page size we ask for (the SDK default is 25). */
  queuesPageSize: 100,
  evaluationsPerAgentPerDay: 50,
  coachingMaxMinutes: 60,
} as const;
