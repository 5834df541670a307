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

/** contactsLookupResult: field names, then one `values.data` list per record in that order. */
export const ContactsLookupResultRaw = z.looseObject({
  fields: z.array(z.string()).default([]),
  records: z
    .array(
      z.looseObject({
        values: z
          .array(z.looseObject({ data: z.array(z.union([z.string(), z.looseObject({})])).default([]) }))
          .default([]),
      }),
    )
    .default([]),
});

export const CrmImportResultRaw = z.looseObject({
  crmRecordsDeleted: numeric.optional(),
  crmRecordsInserted: numeric.optional(),
  crmRecordsUpdated: numeric.optional(),
});
