import { z } from 'zod';

/** Raw Five9 response shapes. Loose: Five9 may add fields; we read only what we use. */
const numeric = z.union([z.string(), z.number()]);

export const CallCounterStateRaw = z.looseObject({
  limit: numeric,
  operationType: z.string().optional(),
  value: numeric,
});

export const LimitTimeoutStateRaw = z.looseObject({
  callCounterStates: z.array(CallCounterStateRaw).optional(),
  timeout: numeric,
});

export const CallCountersResponse = z.looseObject({
  return: z.array(LimitTimeoutStateRaw).default([]),
});

export const CrmImportResultRaw = z.looseObject({
  crmRecordsDeleted: numeric.optional(),
  crmRecordsInserted: numeric.optional(),
  crmRecordsUpdated: numeric.optional(),
});
