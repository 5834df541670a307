/**
 * The sync run the calling code works for, or undefined outside one. The jobs runner carries it in
 * the async context of each step; the sync state records quarantine, requests and skipped
 * capabilities against it, so a platform sync needs no extra wiring for them to be counted.
 */
export type RunOf = () => { tenantId: string; run: string } | undefined;

export const noRun: RunOf = () => undefined;
