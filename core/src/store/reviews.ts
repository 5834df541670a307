import { z } from 'zod';
import { Channel, FindingStatus, Platform } from '../model';
import type { CalibrationSummary } from '../review/calibration';
import type { AccessContext, InteractionSummary } from './records';

const Text = z.string().min(1).max(200);

/**
 * What the web app's call list filters on. Nothing here identifies a patient, but the app still
 * sends it in a request body: a filter is one edit away from holding a name.
 */
export const CallSearch = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  agentId: Text.optional(),
  teamId: Text.optional(),
  queue: Text.optional(),
  channel: Channel.optional(),
  platform: Platform.optional(),
  callType: Text.optional(),
  scoreMin: z.number().min(0).max(100).optional(),
  scoreMax: z.number().min(0).max(100).optional(),
  compliant: z.boolean().optional(),
  /** Calls on which this criterion was missed (latest scorecard). */
  criterionMissed: Text.optional(),
  hasEscalation: z.boolean().optional(),
  needsReview: z.boolean().optional(),
  /** Calls with a dispute still open. */
  disputed: z.boolean().optional(),
});
export type CallSearch = z.infer<typeof CallSearch>;

export const CallSort = z.strictObject({
  by: z.enum(['occurredAt', 'score']).default('occurredAt'),
  dir: z.enum(['asc', 'desc']).default('desc'),
});
export type CallSort = z.input<typeof CallSort>;

export interface CallPage {
  items: InteractionSummary[];
  /** Offset of the next page, null on the last. */
  next: number | null;
}

export const DisputeInput = z.strictObject({
  interactionId: Text,
  criterionId: Text,
  /** What the agent says the status should be. */
  requestedStatus: FindingStatus,
  reason: z.string().trim().min(3, 'say why, in a few words').max(2000),
});
export type DisputeInput = z.infer<typeof DisputeInput>;

export const DisputeDecision = z.strictObject({
  decision: z.enum(['accepted', 'rejected']),
  note: z.string().trim().max(2000).optional(),
});
export type DisputeDecision = z.infer<typeof DisputeDecision>;

export interface Dispute {
  id: string;
  interactionId: string;
  criterionId: string;
  raisedBy: string;
  /** The machine's status when the dispute was raised: kept beside any override. */
  machineStatus: FindingStatus;
  requestedStatus: FindingStatus;
  reason: string;
  status: 'open' | 'accepted' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  /** Score before and after an accepted dispute (the new scorecard version's). */
  scoreBefore: number | null;
  scoreAfter: number | null;
  createdAt: string;
}

export const CalibrationInput = z.strictObject({
  marks: z
    .array(z.strictObject({ criterionId: Text, status: FindingStatus }))
    .min(1, 'score at least one criterion')
    .max(200),
});
export type CalibrationInput = z.infer<typeof CalibrationInput>;

export type CalibrationView =
  | { state: 'blind'; submitted: false; reviewers: number }
  | ({ state: 'open'; submitted: true } & CalibrationSummary);

export const SavedViewInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  filter: CallSearch,
  sort: CallSort.optional(),
});
export type SavedViewInput = z.infer<typeof SavedViewInput>;
export interface SavedView {
  id: string;
  name: string;
  filter: CallSearch;
  sort: CallSort | null;
  createdAt: string;
}

export const DashboardQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  bucket: z.enum(['day', 'week']).default('day'),
  teamId: Text.optional(),
  agentId: Text.optional(),
  queue: Text.optional(),
});
export type DashboardQuery = z.input<typeof DashboardQuery>;

export interface TrendPoint {
  /** Bucket start, YYYY-MM-DD. */
  bucket: string;
  calls: number;
  scored: number;
  /** Share of scored calls that were compliant (0..1). */
  complianceRate: number | null;
  averageScore: number | null;
  escalations: number;
}

export interface GroupRow {
  key: string;
  calls: number;
  complianceRate: number | null;
  averageScore: number | null;
}

export interface CriterionRow {
  criterionId: string;
  category: string;
  applicable: number;
  missed: number;
  /** missed / applicable (0..1). */
  missRate: number;
}

export interface Dashboard {
  trend: TrendPoint[];
  byAgent: GroupRow[];
  byTeam: GroupRow[];
  byQueue: GroupRow[];
  /** Worst first. */
  criteria: CriterionRow[];
  /** Share of applicable adherence-category criteria met (0..1). */
  playbookAdherence: number | null;
  needsReviewBacklog: number;
  openDisputes: number;
  /** Calibration: share of reviewer marks that agree with the machine, in the period. */
  machineHumanAgreement: number | null;
}

/**
 * The review side of the web app: the call list's filters, disputes and overrides, blind
 * calibration, saved views and dashboard figures. Every method applies the access policy with the
 * caller's scope (an agent sees their own calls only) and audits as the other roles do.
 */
export interface ReviewStore {
  searchCalls(
    ctx: AccessContext,
    tenantId: string,
    filter: CallSearch,
    page: { limit: number; offset: number; sort?: CallSort },
  ): Promise<CallPage>;
  raiseDispute(ctx: AccessContext, tenantId: string, input: DisputeInput): Promise<Dispute>;
  decideDispute(
    ctx: AccessContext,
    tenantId: string,
    id: string,
    decision: DisputeDecision,
  ): Promise<Dispute>;
  listDisputes(
    ctx: AccessContext,
    tenantId: string,
    filter: { interactionId?: string; status?: Dispute['status'] },
  ): Promise<Dispute[]>;
  submitCalibration(
    ctx: AccessContext,
    tenantId: string,
    interactionId: string,
    input: CalibrationInput,
  ): Promise<CalibrationView>;
  /** Blind until the caller has submitted their own marks. */
  readCalibration(ctx: AccessContext, tenantId: string, interactionId: string): Promise<CalibrationView>;
  saveView(ctx: AccessContext, tenantId: string, input: SavedViewInput): Promise<SavedView>;
  listViews(ctx: AccessContext, tenantId: string): Promise<SavedView[]>;
  dashboard(ctx: AccessContext, tenantId: string, query: DashboardQuery): Promise<Dashboard>;
}
