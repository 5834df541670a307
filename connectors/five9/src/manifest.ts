/**
 * What Five9's Configuration Web Services are, in data: where they live, which operation counts
 * against which limit, and the documented default limits. Everything else reads from here.
 */
export const FIVE9_NAMESPACE = 'http://service.admin.ws.five9.com/';
export const SOAP_ENV_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';
export const API_VERSION = 'v13';

/** The four documented data centres (India appears only in samples, so it is not offered). */
export const DATA_CENTRES = {
  US: 'https://api.five9.com',
  UK: 'https://api.five9.eu',
  CA: 'https://api.five9.ca',
  EU: 'https://api.eu.five9.com',
} as const;
export type DataCentre = keyof typeof DATA_CENTRES;

export function adminServiceUrl(origin: string): string {
  return `${origin.replace(/\/+$/, '')}/wsadmin/${API_VERSION}/AdminWebService`;
}

/** The WSDL's `apiOperationType` enumeration. */
export const OPERATION_TYPES = [
  'Query',
  'Modify',
  'Upload',
  'SingleUpload',
  'ReportRequest',
  'RetrieveReport',
  'AsynchronousUpload',
  'QueryStatistics',
  'QueryChangedStatistics',
  'Web2CampaignUpload',
  'VIVRCreateSession',
] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export interface WindowLimits {
  perMinute: number;
  perHour: number;
  perDay: number;
}

/** Documented per-domain defaults (five9.md §5). A domain may have others; getCallCountersState wins. */
export const DEFAULT_LIMITS: Readonly<Partial<Record<OperationType, WindowLimits>>> = {
  Query: { perMinute: 450, perHour: 15_000, perDay: 172_800 },
  Modify: { perMinute: 140, perHour: 7_200, perDay: 172_800 },
  SingleUpload: { perMinute: 160, perHour: 7_200, perDay: 172_800 },
  AsynchronousUpload: { perMinute: 20, perHour: 1_000, perDay: 2_000 },
  ReportRequest: { perMinute: 16, perHour: 120, perDay: 800 },
  RetrieveReport: { perMinute: 20, perHour: 200, perDay: 1_000 },
  Upload: { perMinute: 20, perHour: 400, perDay: 2_000 },
};

/** The operations this client speaks, and the limit each one counts against (null: not limited). */
export const OPERATIONS = {
  runReport: 'ReportRequest',
  isReportRunning: 'Query',
  getReportResultCsv: 'RetrieveReport',
  getCallCountersState: null,
  updateCrmRecord: 'SingleUpload',
  getContactRecords: 'Query',
  closeSession: null,
} as const satisfies Record<string, OperationType | null>;
export type OperationName = keyof typeof OPERATIONS;

export function operationTypeOf(operation: OperationName): OperationType | null {
  return OPERATIONS[operation];
}
