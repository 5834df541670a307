import { z } from 'zod';

/**
 * The generic streaming endpoint's message schema (WebSocket `/v1/live/stream`, and the same
 * bodies over the HTTP fallback). Strict objects: an unknown field is an error naming the field,
 * so a bridge with a typo finds out on its first message rather than from missing prompts.
 */
const Id = z.string().min(1).max(200);

export const LiveUtteranceInput = z.strictObject({
  id: Id.describe('stable per call; a resend with the same id is ignored'),
  speaker: z.enum(['agent', 'customer', 'unknown']),
  text: z.string().max(4000),
  offsetMs: z.number().int().min(0).max(86_400_000).describe('ms from call start to utterance start'),
  endMs: z.number().int().min(0).max(86_400_000).optional(),
});

export const CallStartInput = z.strictObject({
  callId: Id,
  agentId: Id.describe("the platform's agent id (or a Teachback user id) whose screen gets the prompts"),
  platform: z.enum(['genesys', 'five9', 'salesforce', 'generic']).default('generic'),
  externalId: Id.optional().describe("the platform's interaction id, so the post-call review finds the call"),
  teamId: Id.optional(),
  startedAt: z.iso.datetime({ offset: true }).optional(),
  /** The playbook to guide with; default: the tenant's default playbook in force today. */
  playbookId: Id.optional(),
  queue: Id.optional(),
});
export type CallStartInput = z.output<typeof CallStartInput>;

export const CallEndInput = z.strictObject({
  callId: Id,
  endedAt: z.iso.datetime({ offset: true }).optional(),
  offsetMs: z.number().int().min(0).max(86_400_000).optional(),
});

/** Client → server over the WebSocket. */
export const StreamMessage = z.discriminatedUnion('type', [
  CallStartInput.extend({ type: z.literal('start') }),
  z.strictObject({ type: z.literal('utterance'), callId: Id, utterance: LiveUtteranceInput }),
  CallEndInput.extend({ type: z.literal('end') }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type StreamMessage = z.output<typeof StreamMessage>;

/** The HTTP fallback's batch: what a bridge that cannot hold a socket posts every second or so. */
export const UtteranceBatch = z.strictObject({
  utterances: z.array(LiveUtteranceInput).min(1).max(100),
});

/** Server → client over the WebSocket. */
export type StreamReply =
  /** `events`: ids of the prompts this utterance caused (the screens get them over their own stream). */
  | { type: 'ack'; ref: string; duplicate?: boolean; events?: string[] }
  | { type: 'error'; ref?: string; code: string; message: string; fields?: string[] }
  | { type: 'slow_down'; queued: number; limit: number }
  | { type: 'resume'; queued: number }
  | { type: 'pong' };

/** WebSocket close codes the endpoint uses. */
export const CLOSE = {
  /** RFC 6455 "Try Again Later": the connection's queue overflowed; reconnect and resend un-acked. */
  overloaded: 1013,
  /** The server is going away (shutdown); reconnect to another instance. */
  goingAway: 1001,
} as const;
