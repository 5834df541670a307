/**
 * The dialogue a call belongs to: its id without a `#window` suffix. Two windows of one real
 * dialogue are kept as two calls (each with its own context) but must fall on the same side of
 * every split.
 */
export function dialogueOf(callId: string): string {
  const hash = callId.indexOf('#');
  return hash === -1 ? callId : callId.slice(0, hash);
}
