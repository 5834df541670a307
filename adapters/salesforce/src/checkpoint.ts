import { z } from 'zod';

/**
 * Inclusive high-water mark: the next query asks for SystemModstamp >= highWater, and the ids
 * already taken at exactly that instant are skipped. Records sharing one SystemModstamp are
 * therefore neither lost (a `>` query would drop the rest of a tie split across runs) nor repeated.
 */
export const SalesforceCheckpoint = z.strictObject({
  highWater: z.string().datetime({ offset: true }),
  idsAtHighWater: z.array(z.string()),
});
export type SalesforceCheckpoint = z.infer<typeof SalesforceCheckpoint>;
