/**
 * The live-guidance contract: what a transport (Genesys notification topic, the generic streaming
 * endpoint, a replay of stored utterances) feeds a session, and what the session emits. The engine
 * (`core/src/live/session.ts`) is pure and incremental; transports and screens depend on these
 * types only.
 */

/** One finished utterance as it arrives during a call. */
export interface LiveUtterance {
  /** Stable per call: the transport's utterance id, or `<channel>:<offsetMs>`; replays repeat it. */
  id: string;
  speaker: 'agent' | 'customer' | 'unknown';
  text: string;
  /** Milliseconds from the start of the call to the start of the utterance. */
  offsetMs: number;
  /** Optional end of the utterance, same clock. */
  endMs?: number;
}

export type GuidanceKind =
  | 'compliance_due'
  | 'order_guard'
  | 'protocol_card'
  | 'moment_prompt'
  | 'teach_back_reminder'
  | 'empathy_prompt'
  | 'supervisor_alert'
  | 'clear';

/** `safety` prompts (protocol cards, supervisor alerts) are never muted, merged or cooled down. */
export type GuidanceSeverity = 'info' | 'warning' | 'critical' | 'safety';

export interface GuidanceEvent {
  /**
   * Stable across replay and reconnect: derived from the call id, the rule id and the id of the
   * utterance that triggered it (never from wall-clock time or arrival order).
   */
  id: string;
  callId: string;
  kind: GuidanceKind;
  severity: GuidanceSeverity;
  /** The playbook rule (criterion or live prompt) behind the event. */
  ruleId: string;
  /** Who should see it. */
  audience: 'agent' | 'supervisor';
  title: string;
  /** The text to show; no PHI beyond what the agent already heard on the call. */
  text: string;
  /** The moment that triggered it. */
  at: { utteranceId: string; offsetMs: number };
  /** For `clear`: the id of the event it resolves. */
  clears?: string;
  /** Seconds within which doing the thing counts as "followed" (for usefulness measurement). */
  followWithinSec?: number;
  /**
   * For `clear` (added in issue 16 part A, optional): why the prompt closed. `done` = the agent
   * did the thing; the others close it without it being done.
   */
  reason?: 'done' | 'expired' | 'superseded' | 'dismissed' | 'muted' | 'call_ended';
}

/** What a screen reports back about a prompt it showed. */
export type PromptOutcome = 'shown' | 'followed' | 'dismissed' | 'muted' | 'expired';
