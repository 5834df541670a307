/**
 * What a post-call summary says, and the follow-ups promised on the call. Built offline from the
 * conversation (core/src/summary) or by the optional LLM judge; platform adapters push `text` into
 * the place people already read (Genesys wrap-up notes, Five9 call notes, Salesforce Task/VoiceCall
 * description) and never put more PHI there than the field already holds.
 */
export interface FollowUpPromise {
  /** Stable: derived from the interaction id and the utterance the promise was made in. */
  id: string;
  /** Who promised: the agent (the usual case), the caller, or someone named as a third party. */
  owner: 'agent' | 'customer' | 'other';
  /** What was promised, in the speaker's words, shortened. */
  text: string;
  /** When it is due, if the call said (ISO-8601); absent when no time was given. */
  dueAt?: string;
  /** The moment it was said. */
  atOffsetMs: number;
}

export interface CallSummary {
  interactionId: string;
  /** Why the person contacted us. */
  reason: string;
  /** What was done on the call. */
  done: string[];
  promised: FollowUpPromise[];
  /** One short paragraph for a notes field (at most 1,000 characters). */
  text: string;
  method: 'offline' | 'llm';
}
