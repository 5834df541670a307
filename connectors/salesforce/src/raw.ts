import { z } from 'zod';

/** Raw Salesforce payloads: loose, so new platform fields never break a sync. */
export const SObjectRecord = z.looseObject({
  attributes: z.looseObject({ type: z.string(), url: z.string().optional() }).optional(),
  Id: z.string().optional(),
});
export type SObjectRecord = z.infer<typeof SObjectRecord>;

export const QueryPage = z.looseObject({
  totalSize: z.number().int().nonnegative(),
  done: z.boolean(),
  nextRecordsUrl: z.string().optional(),
  records: z.array(z.unknown()),
});
export type QueryPage = z.infer<typeof QueryPage>;

export const SaveError = z.looseObject({
  statusCode: z.string(),
  message: z.string().optional(),
  fields: z.array(z.string()).optional(),
});

export const SaveResult = z.looseObject({
  id: z.string().nullish(),
  success: z.boolean(),
  created: z.boolean().optional(),
  errors: z.array(SaveError).default([]),
});
export const SaveResults = z.array(SaveResult);

export const CompositeResponse = z.looseObject({
  compositeResponse: z.array(
    z.looseObject({
      body: z.unknown(),
      httpStatusCode: z.number().int(),
      referenceId: z.string(),
    }),
  ),
});

const Limit = z.looseObject({ Max: z.number(), Remaining: z.number() });
export const OrgLimits = z.looseObject({
  DailyApiRequests: Limit,
  DailyBulkV2QueryJobs: Limit.optional(),
  DailyBulkApiBatches: Limit.optional(),
});
export type OrgLimits = z.infer<typeof OrgLimits>;

export const BulkJob = z.looseObject({
  id: z.string(),
  state: z.string(),
  numberRecordsProcessed: z.number().optional(),
});

/** describeGlobal: the objects this user can see in the org. */
export const DescribeGlobal = z.looseObject({
  sobjects: z.array(
    z.looseObject({
      name: z.string(),
      queryable: z.boolean().optional(),
      createable: z.boolean().optional(),
      updateable: z.boolean().optional(),
    }),
  ),
});
export type DescribeGlobal = z.infer<typeof DescribeGlobal>;

/** One object's describe, reduced to what capability checks read. */
export const SObjectDescribe = z.looseObject({
  name: z.string(),
  queryable: z.boolean().optional(),
  createable: z.boolean().optional(),
  updateable: z.boolean().optional(),
  fields: z.array(
    z.looseObject({
      name: z.string(),
      type: z.string().optional(),
      externalId: z.boolean().optional(),
      createable: z.boolean().optional(),
      updateable: z.boolean().optional(),
    }),
  ),
});
export type SObjectDescribe = z.infer<typeof SObjectDescribe>;
