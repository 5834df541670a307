import { z } from 'zod';
import { ContactCenterFacts } from './contact-center';
import { Transcript } from './transcript';

export const Platform = z.enum(['genesys', 'five9', 'salesforce', 'teachback']);
export type Platform = z.infer<typeof Platform>;

export const Channel = z.enum(['voice', 'chat', 'email', 'sms', 'messaging']);
export type Channel = z.infer<typeof Channel>;

export const Direction = z.enum(['inbound', 'outbound', 'internal', 'unknown']);
export type Direction = z.infer<typeof Direction>;

export const SourceRef = z.strictObject({
  platform: Platform,
  externalId: z.string().min(1),
  /** Other ids the same interaction is known by on that platform (session id, call id). */
  aliases: z.array(z.string()).optional(),
  url: z.string().optional(),
});
export type SourceRef = z.infer<typeof SourceRef>;

export const ParticipantRole = z.enum(['agent', 'customer', 'supervisor', 'ivr', 'external', 'bot']);

export const Participant = z.strictObject({
  role: ParticipantRole,
  /** The platform's user id for agents/supervisors. */
  userId: z.string().optional(),
  name: z.string().optional(),
  /** E.164 for phones. PHI for customers: stored encrypted. */
  phone: z.string().optional(),
  email: z.string().optional(),
  address: z.string().optional(),
});
export type Participant = z.infer<typeof Participant>;

/** Who the interaction was with, as far as the source knows. All fields are PHI. */
export const ContactIdentity = z.strictObject({
  crmId: z.string().optional(),
  memberId: z.string().optional(),
  externalContactId: z.string().optional(),
  name: z.string().optional(),
  phones: z.array(z.string()).default([]),
  emails: z.array(z.string()).default([]),
  dateOfBirth: z.string().optional(),
});
export type ContactIdentity = z.infer<typeof ContactIdentity>;

export const RecordingRef = z.strictObject({
  id: z.string(),
  mediaType: z.string().optional(),
  durationMs: z.number().int().nonnegative().optional(),
  channels: z.number().int().positive().optional(),
  /** Where the audio lives: a platform URL, SFTP path or blob key. */
  uri: z.string().optional(),
  /** Which stereo channel holds the customer (Genesys: left/0). */
  customerChannel: z.number().int().nonnegative().optional(),
});
export type RecordingRef = z.infer<typeof RecordingRef>;

export const Interaction = z.strictObject({
  id: z.string().min(1),
  tenantId: z.string().optional(),
  source: SourceRef,
  /** The same interaction as seen on other platforms (Salesforce VoiceCall for a Genesys call). */
  links: z.array(SourceRef).default([]),
  channel: Channel,
  direction: Direction.default('unknown'),
  startedAt: z.string().datetime({ offset: true }).optional(),
  endedAt: z.string().datetime({ offset: true }).optional(),
  durationMs: z.number().int().nonnegative().optional(),
  participants: z.array(Participant).default([]),
  queue: z.strictObject({ id: z.string().optional(), name: z.string().optional() }).optional(),
  wrapUp: z
    .strictObject({ code: z.string().optional(), name: z.string().optional(), notes: z.string().optional() })
    .optional(),
  disposition: z.string().optional(),
  contact: ContactIdentity.optional(),
  recordings: z.array(RecordingRef).default([]),
  transcript: Transcript.optional(),
  /** Free-form, non-PHI platform attributes (campaign, skill) kept for filtering. */
  attributes: z.record(z.string(), z.string()).default({}),
  /** Queue and handling facts (speed of answer, hold, wrap-up, transfers) as the platform reports them. */
  contactCenter: ContactCenterFacts.optional(),
  /** Call type (scheduling, billing, clinical, ...) when known; see core/src/calltypes. */
  callType: z.string().max(100).optional(),
});
export type Interaction = z.infer<typeof Interaction>;
export type InteractionInput = z.input<typeof Interaction>;
