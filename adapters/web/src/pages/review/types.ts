// The shapes the review pages read from /v1 (mirrors of @teachback/core types; the browser bundle
// does not import core).
export type FindingStatus = 'met' | 'missed' | 'not_applicable';

export interface CallSummary {
  id: string;
  platform: string;
  externalId: string;
  channel: string;
  occurredAt: string;
  durationMs: number | null;
  agentIds: string[];
  teamId: string | null;
  queueName: string | null;
  score: number | null;
  compliant: boolean | null;
  needsReview: boolean;
  scoreVersion: number | null;
  playbookId: string | null;
  escalationCount: number;
}

export interface CallFilter {
  from?: string;
  to?: string;
  agentId?: string;
  teamId?: string;
  queue?: string;
  channel?: string;
  platform?: string;
  callType?: string;
  scoreMin?: number;
  scoreMax?: number;
  compliant?: boolean;
  criterionMissed?: string;
  hasEscalation?: boolean;
  needsReview?: boolean;
  disputed?: boolean;
}

export interface CallSortState {
  by: 'occurredAt' | 'score';
  dir: 'asc' | 'desc';
}

export interface Evidence {
  utterance: number;
  startMs: number | null;
  speaker: string;
  quote: string;
}

export interface Finding {
  criterionId: string;
  title: string;
  category: string;
  severity: string;
  status: FindingStatus;
  confidence: number;
  evidence: Evidence[];
  explanation: string;
}

export interface Utterance {
  speaker: string;
  startMs: number;
  endMs: number;
  text: string;
}

export interface EscalationAction {
  at: string;
  action: string;
  by?: string;
  note?: string;
  routedTo?: string;
}

export interface CallDetail {
  summary: CallSummary;
  interaction: {
    id: string;
    transcript?: { utterances: Utterance[] };
    recordings: Array<{ id: string; mediaType?: string; durationMs?: number }>;
    queue?: { name?: string };
    callType?: string;
  };
  scorecard: {
    playbook: { id: string; version: string };
    score: number;
    compliant: boolean;
    findings: Finding[];
    needsReview: boolean;
    reviewReasons: string[];
  } | null;
  escalations: Array<{
    index: number;
    type: string;
    severity: string;
    utterance?: number;
    actions?: EscalationAction[];
    routedTo?: string;
  }>;
  coaching: Array<{ atMs: number | null; text: string; criterionId?: string; kind?: string }>;
}

export interface Dispute {
  id: string;
  interactionId: string;
  criterionId: string;
  raisedBy: string;
  machineStatus: FindingStatus;
  requestedStatus: FindingStatus;
  reason: string;
  status: 'open' | 'accepted' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  scoreBefore: number | null;
  scoreAfter: number | null;
  createdAt: string;
}

export interface CoachingTask {
  id: string;
  interactionId: string;
  assignee: string;
  due?: string;
  status: 'open' | 'scheduled' | 'done' | 'dismissed';
  source: { criterionId?: string; escalationType?: string };
  notes: Array<{ atMs: number | null; text: string; criterionId?: string }>;
  facilitator?: string;
}

export const STATUS_TEXT: Record<FindingStatus, string> = {
  met: '✓ Met',
  missed: '✗ Missed',
  not_applicable: '– Not applicable',
};
