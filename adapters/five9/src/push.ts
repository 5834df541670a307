import { TeachbackError, fieldPath, oneLineSummary, type CallSummary, type Scorecard } from '@teachback/core';
import type { CrmImportResult, Five9AdminClient } from '@teachback/connector-five9';
import { z } from 'zod';

/**
 * Backend push of Teachback results onto the Five9 contact record (updateCrmRecord). Only
 * non-PHI values leave Teachback: a score, a compliance status, when it was scored, and a link to
 * the scorecard. The contact is found by a key field Five9 already holds (e.g. number1); we
 * never add contacts (crmAddMode DONT_ADD), so a miss changes nothing.
 */
export const ContactPushConfig = z.strictObject({
  /** The Five9 contact field used to find the contact, and which interaction value fills it. */
  keyField: z.string().min(1).default('number1'),
  fields: z
    .strictObject({
      score: z.string().min(1).default('teachback_score'),
      compliance: z.string().min(1).default('teachback_compliance'),
      scoredAt: z.string().min(1).default('teachback_scored_at'),
      link: z.string().min(1).optional(),
      /**
       * A contact field for the last post-call summary (e.g. `teachback_last_summary`). Unset: no
       * summary is pushed. Five9 has no API that writes call notes after the call (platforms/five9.md
       * §1.5), so the summary goes on the contact record, beside the score.
       */
      summary: z.string().min(1).optional(),
    })
    .default({
      score: 'teachback_score',
      compliance: 'teachback_compliance',
      scoredAt: 'teachback_scored_at',
    }),
  /** Base URL of the scorecard page; the link carries only the opaque interaction id. */
  scorecardBaseUrl: z.url().optional(),
});
export type ContactPushConfig = z.input<typeof ContactPushConfig>;

/** What may be written: numbers, a status word, an instant and an https link. Nothing free-form. */
const PushValues = z.strictObject({
  score: z.number().min(0).max(100),
  compliance: z.enum(['pass', 'fail', 'review']),
  scoredAt: z.iso.datetime({ offset: true }),
  link: z.url().optional(),
});

export interface ScorePush {
  /** The key value Five9 holds for the contact, e.g. the caller's number in 10-digit form. */
  contactKey: string;
  scorecard: Scorecard;
}

export function complianceStatus(s: Scorecard): 'pass' | 'fail' | 'review' {
  if (s.needsReview) return 'review';
  return s.compliant ? 'pass' : 'fail';
}

/** The contact columns a push writes, key column first. Validates every value (nothing free-form). */
export function contactPushColumns(configInput: ContactPushConfig, push: ScorePush): [string, string][] {
  const config = ContactPushConfig.parse(configInput);
  const values = PushValues.safeParse({
    score: Math.round(push.scorecard.score),
    compliance: complianceStatus(push.scorecard),
    scoredAt: push.scorecard.scoredAt ?? new Date().toISOString(),
    ...(config.scorecardBaseUrl && config.fields.link
      ? {
          link: `${config.scorecardBaseUrl.replace(/\/+$/, '')}/interactions/${encodeURIComponent(push.scorecard.interactionId)}`,
        }
      : {}),
  });
  if (!values.success) {
    const issue = values.error.issues[0]!;
    throw new TeachbackError(
      'FIVE9.PUSH_INVALID',
      `five9 contact push ${fieldPath(issue.path)}: ${issue.message}`,
    );
  }
  if (!/^\+?[0-9A-Za-z@._-]{1,64}$/.test(push.contactKey)) {
    throw new TeachbackError('FIVE9.PUSH_INVALID', 'five9 contact push contactKey: not a usable key value');
  }
  const columns: [string, string][] = [
    [config.keyField, push.contactKey],
    [config.fields.score, String(values.data.score)],
    [config.fields.compliance, values.data.compliance],
    [config.fields.scoredAt, values.data.scoredAt],
  ];
  if (values.data.link && config.fields.link) columns.push([config.fields.link, values.data.link]);
  return columns;
}

/**
 * Five9 may format a value it stores (a NUMBER field, a DATE_TIME field) differently from how it
 * was sent, so two values are the same when equal as text, as numbers, or as instants.
 */
function sameValue(sent: string, held: string | undefined): boolean {
  if (held === undefined) return false;
  if (sent === held) return true;
  if (
    sent.trim() !== '' &&
    held.trim() !== '' &&
    Number.isFinite(Number(sent)) &&
    Number(sent) === Number(held)
  )
    return true;
  const a = Date.parse(sent);
  return /\d{4}-\d{2}-\d{2}/.test(sent) && Number.isFinite(a) && a === Date.parse(held);
}

/**
 * Reads the contact back (getContactRecords on the key field) and says whether it already holds
 * every value this push would write: after a crash between updateCrmRecord and our receipt, the
 * update is not sent twice. No contact with that key also counts as done (DONT_ADD changes nothing).
 */
export async function contactHoldsScore(
  client: Five9AdminClient,
  configInput: ContactPushConfig,
  push: ScorePush,
): Promise<'held' | 'no_contact' | 'differs'> {
  const columns = contactPushColumns(configInput, push);
  const [keyField, keyValue] = columns[0]!;
  const records = await client.getContactRecords([{ field: keyField, value: keyValue }]);
  if (records.length === 0) return 'no_contact';
  // UPDATE_FIRST writes the first match; it is the one compared.
  const first = records[0]!;
  return columns.slice(1).every(([f, v]) => sameValue(v, first[f])) ? 'held' : 'differs';
}

export async function pushScoreToContact(
  client: Five9AdminClient,
  configInput: ContactPushConfig,
  push: ScorePush,
): Promise<CrmImportResult> {
  const columns = contactPushColumns(configInput, push);
  return client.updateCrmRecord({
    fieldsMapping: columns.map(([fieldName], i) => ({ columnNumber: i + 1, fieldName, key: i === 0 })),
    fields: columns.map(([, v]) => v),
    crmAddMode: 'DONT_ADD',
    crmUpdateMode: 'UPDATE_FIRST',
  });
}

/** Five9 contact fields are plain strings; a summary past this is cut (CallSummary.text is ≤1,000). */
export const SUMMARY_MAX_CHARS = 1000;

/**
 * The summary as the contact field holds it: one line (CSV-imported fields keep no line breaks
 * well), identifiers masked. The contact record already holds the caller's name and numbers, so a
 * summary needs none of them: e-mail addresses and digit runs of four or more (phone, member,
 * claim numbers, dates of birth) become placeholders.
 */
export function summaryFieldText(summary: Pick<CallSummary, 'text'>): string {
  return oneLineSummary(summary.text, SUMMARY_MAX_CHARS);
}

/**
 * Writes the post-call summary into the configured contact field of the caller's contact
 * (updateCrmRecord, never adding a contact). Returns `not_configured` without a summary field.
 */
export async function pushSummaryToContact(
  client: Five9AdminClient,
  configInput: ContactPushConfig,
  push: { contactKey: string; summary: CallSummary },
): Promise<CrmImportResult | 'not_configured'> {
  const config = ContactPushConfig.parse(configInput);
  const field = config.fields.summary;
  if (!field) return 'not_configured';
  if (!/^\+?[0-9A-Za-z@._-]{1,64}$/.test(push.contactKey)) {
    throw new TeachbackError('FIVE9.PUSH_INVALID', 'five9 summary push contactKey: not a usable key value');
  }
  const text = summaryFieldText(push.summary);
  if (!text) throw new TeachbackError('FIVE9.PUSH_INVALID', 'five9 summary push summary.text: empty');
  return client.updateCrmRecord({
    fieldsMapping: [
      { columnNumber: 1, fieldName: config.keyField, key: true },
      { columnNumber: 2, fieldName: field, key: false },
    ],
    fields: [push.contactKey, text],
    crmAddMode: 'DONT_ADD',
    crmUpdateMode: 'UPDATE_FIRST',
  });
}
