import type { GuidanceEvent, LiveUtterance, PromptOutcome } from '../live/types';

/** A call in progress (or finished) as the live path knows it: who is on it, where it came from. */
export interface LiveCall {
  callId: string;
  /** The platform's agent id (Genesys user id, Five9 agent id) or a Teachback user id. */
  agentId: string;
  /** The agent's team when known (from the start message or the roster), for supervisor scope. */
  teamId: string | null;
  platform: string;
  /** The platform's id of the interaction, so the post-call review can find the call. */
  externalId: string | null;
  startedAt: string;
  endedAt: string | null;
  /** The playbook the call is guided with (null: the tenant's default), kept so a resume uses the same. */
  playbookId: string | null;
  queue: string | null;
}

export interface LiveCallStart {
  callId: string;
  agentId: string;
  teamId?: string | undefined;
  platform: string;
  externalId?: string | undefined;
  startedAt: string;
  playbookId?: string | undefined;
  queue?: string | undefined;
}

/** A prompt or alert as it was emitted, with every outcome a screen or the engine reported. */
export interface LivePromptRecord {
  event: GuidanceEvent;
  emittedAt: string;
  outcomes: { outcome: PromptOutcome; actor: string; at: string }[];
}

export interface LiveSupervisorAction {
  id: string;
  callId: string;
  /** The alert or prompt acted on, when the action is about one. */
  eventId: string | null;
  action: 'acknowledged' | 'routed' | 'listened' | 'resolved';
  actor: string;
  at: string;
  routedTo: string | null;
  note: string | null;
}

/** What the post-call review shows: what the agent was told, when, and what came of it. */
export interface LiveCallReview {
  call: LiveCall;
  prompts: LivePromptRecord[];
  actions: LiveSupervisorAction[];
}

/**
 * The live-guidance role: utterances as they arrive (so another instance can resume a call by
 * replaying them), every prompt emitted, each prompt's outcomes, and supervisor actions. Writes
 * are idempotent by their ids, because a stream that reconnects or a call that is resumed on
 * another instance sends or emits the same things again. Access decisions are the caller's (the
 * routes know the actor); utterance text and prompt text are encrypted at rest.
 */
export interface LiveStore {
  /** Records a call start; a second start of the same call changes nothing and returns the first. */
  startCall(tenantId: string, start: LiveCallStart): Promise<LiveCall>;
  endCall(tenantId: string, callId: string, endedAt: string): Promise<void>;
  getCall(tenantId: string, callId: string): Promise<LiveCall | null>;
  /** The call of a platform interaction, for the post-call review. */
  findCall(tenantId: string, platform: string, externalId: string): Promise<LiveCall | null>;
  /** Calls not yet ended, oldest first. */
  openCalls(tenantId: string): Promise<LiveCall[]>;
  /** Stores one utterance; false when this call already has one with the same id (a resend). */
  appendUtterance(tenantId: string, callId: string, u: LiveUtterance, receivedAt: string): Promise<boolean>;
  /** Every stored utterance of a call in call order (offset, then arrival): what a resume replays. */
  utterances(tenantId: string, callId: string): Promise<LiveUtterance[]>;
  /** Stores an emitted event; false when it was stored already (replay on another instance). */
  recordEvent(tenantId: string, event: GuidanceEvent, emittedAt: string): Promise<boolean>;
  /** The first report of each (prompt, outcome) counts; repeats change nothing. */
  recordOutcome(
    tenantId: string,
    callId: string,
    eventId: string,
    outcome: PromptOutcome,
    actor: string,
    at: string,
  ): Promise<boolean>;
  recordAction(tenantId: string, action: LiveSupervisorAction): Promise<void>;
  review(tenantId: string, callId: string): Promise<LiveCallReview | null>;
  /**
   * Every prompt shown to agents on calls that started in [from, to), with what became of it
   * (followed / dismissed / muted / expired, or `shown` when nothing else was reported): what the
   * monthly review measures prompts' usefulness with. No text, ids only.
   */
  promptOutcomes(tenantId: string, range: { from: string; to: string }): Promise<LivePromptOutcome[]>;
}

export interface LivePromptOutcome {
  callId: string;
  eventId: string;
  ruleId: string;
  outcome: PromptOutcome;
}
