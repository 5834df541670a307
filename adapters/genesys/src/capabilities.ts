import type { CapabilityGap } from '@teachback/core';
import { ConnectorError } from '@teachback/connector-kit';
import { GenesysErrorCode, type GenesysClient } from '@teachback/connector-genesys';

/*
 * What an org has, found out rather than assumed. Orgs differ: Speech & Text Analytics may be off,
 * the OAuth client's role may lack a permission, live transcription topics exist only with STA.
 * The sync asks for what exists and reports the rest as skipped, with the reason.
 */

/** The optional sources of a sync. Each is on until the org shows it is not there. */
export interface SyncFeatures {
  /** STA transcripts of voice calls (transcription on, `speechAndTextAnalytics:transcript:view`). */
  staTranscripts: boolean;
  /** Recordings list and batch download (`recording:recording:view`). */
  recordings: boolean;
  /** Message and email bodies of unrecorded digital conversations. */
  bodies: boolean;
  /** Post-call survey answers (`quality:survey:view`, `quality:surveyForm:view`); only asked with a survey sink. */
  surveys?: boolean;
}

/** Feature flags of one sync run plus the gaps that turned a feature off, each reported once. */
export class SyncCapabilities {
  readonly features: SyncFeatures = { staTranscripts: true, recordings: true, bodies: true, surveys: true };
  readonly skipped: CapabilityGap[] = [];

  /** Turns a feature off for the rest of the run and records why (first reason wins). */
  turnOff(feature: keyof SyncFeatures, gap: CapabilityGap): void {
    if (!this.features[feature]) return;
    this.features[feature] = false;
    this.skipped.push(gap);
  }

  note(gap: CapabilityGap): void {
    if (!this.skipped.some((g) => g.what === gap.what)) this.skipped.push(gap);
  }
}

export const isPermissionMissing = (err: unknown): err is ConnectorError =>
  err instanceof ConnectorError && err.code === GenesysErrorCode.PERMISSION_MISSING;

/**
 * A probe that got past the permission check: the platform then refused the made-up id or the
 * empty body (404, 400, 409), which proves the permission without creating anything.
 */
const PAST_PERMISSION_CHECK: ReadonlySet<string> = new Set([
  GenesysErrorCode.NOT_FOUND,
  GenesysErrorCode.BAD_REQUEST,
  GenesysErrorCode.CONFLICT,
]);
const pastPermissionCheck = (err: unknown): boolean =>
  err instanceof ConnectorError && PAST_PERMISSION_CHECK.has(err.code);

export const STA_OFF: CapabilityGap = {
  what: 'Speech & Text Analytics voice transcription',
  why: 'transcription is Disabled in the org (routing/settings/transcription): voice calls are transcribed from their recordings instead',
};

/**
 * The one check a sync makes before it starts (one request): is voice transcription on at all?
 * When it is off, no transcript URL is asked for, which saves one request per voice call.
 */
export async function syncCapabilities(client: GenesysClient): Promise<SyncCapabilities> {
  const caps = new SyncCapabilities();
  try {
    const settings = await client.getTranscriptionSettings();
    if (settings.transcription === 'Disabled') caps.turnOff('staTranscripts', STA_OFF);
  } catch (err) {
    if (!isPermissionMissing(err)) throw err;
    // Not knowing is not a reason to go without: transcripts are still asked for per call.
    caps.note({
      what: 'routing:transcriptionSettings:view',
      why: 'cannot read whether voice transcription is on; transcript URLs are requested for every recorded call',
    });
  }
  return caps;
}

/** A permission the connect check probes, and whether Teachback can work without it. */
export interface PermissionProbe {
  permission: string;
  feature: string;
  /** Required: a feature Teachback promises fails without it. Optional: synced without. */
  required: boolean;
  /** Without this: what happens instead (optional ones). */
  without?: string;
  probe: (client: GenesysClient) => Promise<unknown>;
}

/** An id no org has: read probes then answer 404 (allowed) or 403 (missing permission). */
const NO_SUCH_ID = '00000000-0000-4000-8000-00000000dead';

/**
 * One request each, none of which changes anything: reads, reads of a made-up id, writes with an
 * empty body or to a made-up id. Any answer but 403 proves the permission. Assumed (not published):
 * Genesys checks permissions before it validates the body or looks the object up; its documented
 * 403 `missing.permissions` is what the probes listen for.
 */
export const PERMISSION_PROBES: readonly PermissionProbe[] = [
  {
    permission: 'analytics:conversationDetail:view',
    feature: 'pull conversations',
    required: true,
    probe: (c) => {
      const end = new Date();
      const start = new Date(end.getTime() - 3_600_000);
      return c.detailsQuery({
        interval: `${start.toISOString()}/${end.toISOString()}`,
        paging: { pageSize: 1, pageNumber: 1 },
      });
    },
  },
  {
    permission: 'speechAndTextAnalytics:transcript:view',
    feature: 'STA transcripts',
    required: false,
    without: 'voice calls are transcribed from their recordings',
    probe: (c) => c.getTranscriptUrl(NO_SUCH_ID, NO_SUCH_ID),
  },
  {
    permission: 'recording:recording:view',
    feature: 'recordings',
    required: false,
    without: 'calls without an STA transcript and unrecorded chats are stored unscored',
    probe: (c) => c.getConversationRecordings(NO_SUCH_ID),
  },
  {
    permission: 'conversation:message:view',
    feature: 'message and email bodies',
    required: false,
    without: 'unrecorded messaging conversations are stored without their text',
    probe: (c) => c.getMessageConversation(NO_SUCH_ID),
  },
  {
    permission: 'routing:queue:view',
    feature: "listing the org's queues for live guidance",
    required: false,
    without: 'live guidance only on the queues the connection names (liveQueueIds)',
    probe: (c) => c.listQueues(1, 1),
  },
  {
    permission: 'conversation:communication:view',
    feature: 'reading the agent of a live call',
    required: false,
    without: 'no live guidance (the prompts have no agent screen to go to)',
    probe: (c) => c.getConversation(NO_SUCH_ID),
  },
  {
    permission: 'quality:evaluationForm:view',
    feature: 'evaluation form',
    required: true,
    probe: (c) => c.findEvaluationForms('Teachback'),
  },
  {
    permission: 'quality:evaluationForm:add',
    feature: 'evaluation form',
    required: true,
    probe: (c) => c.createEvaluationForm({} as Parameters<GenesysClient['createEvaluationForm']>[0]),
  },
  {
    permission: 'quality:evaluationForm:edit',
    feature: 'evaluation form',
    required: true,
    probe: (c) => c.publishEvaluationForm(NO_SUCH_ID),
  },
  {
    permission: 'quality:evaluation:add',
    feature: 'evaluations',
    required: true,
    probe: (c) =>
      c.createEvaluation(
        NO_SUCH_ID,
        {} as Parameters<GenesysClient['createEvaluation']>[1],
        'teachback-permission-probe',
      ),
  },
  {
    permission: 'coaching:appointment:add',
    feature: 'coaching appointments',
    required: true,
    probe: (c) =>
      c.createCoachingAppointment({} as Parameters<GenesysClient['createCoachingAppointment']>[0]),
  },
  {
    permission: 'employeePerformance:externalMetricDefinition:view',
    feature: 'scorecard metrics',
    required: true,
    probe: (c) => c.listExternalMetricDefinitions(),
  },
  {
    permission: 'employeePerformance:externalMetricDefinition:add',
    feature: 'scorecard metrics',
    required: true,
    probe: (c) =>
      c.createExternalMetricDefinition({} as Parameters<GenesysClient['createExternalMetricDefinition']>[0]),
  },
  {
    permission: 'employeePerformance:externalMetricData:add',
    feature: 'scorecard metrics',
    required: true,
    probe: (c) => c.writeExternalMetricData([]),
  },
];

export interface OrgCapabilities {
  /** Required and absent. */
  missing: CapabilityGap[];
  /** Optional and absent: synced without. */
  skipped: CapabilityGap[];
  /** What was verified present. */
  verified: string[];
  sync: SyncCapabilities;
}

/**
 * The connect-time check: every probe above, the transcription setting and the live transcription
 * topic (16 requests). Never throws for a missing permission: it is reported.
 */
export async function discoverOrgCapabilities(client: GenesysClient): Promise<OrgCapabilities> {
  const out: OrgCapabilities = {
    missing: [],
    skipped: [],
    verified: [],
    sync: await syncCapabilities(client),
  };
  for (const p of PERMISSION_PROBES) {
    try {
      await p.probe(client);
      out.verified.push(p.permission);
    } catch (err) {
      if (pastPermissionCheck(err)) {
        out.verified.push(p.permission);
        continue;
      }
      if (!isPermissionMissing(err)) throw err;
      const gap = { what: p.permission, why: `${p.feature}: ${p.required ? 'required' : p.without}` };
      (p.required ? out.missing : out.skipped).push(gap);
    }
  }
  if (out.sync.features.staTranscripts) out.verified.push('Speech & Text Analytics voice transcription');
  out.skipped.push(...out.sync.skipped);
  try {
    const topics = (await client.getAvailableTopics()).entities ?? [];
    if (topics.some((t) => t.id === 'v2.conversations.{id}.transcription')) {
      out.verified.push('notification topic v2.conversations.{id}.transcription');
    } else {
      out.skipped.push({
        what: 'notification topic v2.conversations.{id}.transcription',
        why: 'not available to this client (STA off or speechAndTextAnalytics:data:view missing): no live guidance, post-call scoring only',
      });
    }
  } catch (err) {
    if (!isPermissionMissing(err)) throw err;
    out.skipped.push({
      what: 'notification topics',
      why: 'cannot list available topics: no live guidance, post-call scoring only',
    });
  }
  return out;
}
