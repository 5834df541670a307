import type { Speaker, Transcript } from '@teachback/core';
import { fieldPath } from '@teachback/core';
import type { SalesforceClient } from '@teachback/connector-salesforce';
import { RawConversationEntry } from './raw';

/** Ids per ConversationEntry query: keeps the GET URL well under Salesforce's 16 KB limit. */
export const TRANSCRIPT_IDS_PER_QUERY = 400;

const SPEAKER: Record<string, Speaker> = {
  agent: 'agent',
  supervisor: 'agent',
  enduser: 'customer',
  bot: 'system',
  system: 'system',
};

export interface TranscriptBatch {
  transcripts: Map<string, Transcript>;
  /** Entries that failed validation: entry id and field, never the text. */
  rejected: { id: string | undefined; reason: string }[];
  requests: number;
}

/**
 * Reads the conversation entries of these voice calls / messaging sessions (one query per 400
 * conversations, 2,000 entries a page, in EntryTime order) and turns each conversation into a transcript.
 */
export async function fetchTranscripts(
  client: SalesforceClient,
  conversations: ReadonlyMap<string, string | undefined>,
  pageSize: number,
): Promise<TranscriptBatch> {
  const ids = [...conversations.keys()];
  const byConversation = new Map<string, RawConversationEntry[]>();
  const rejected: TranscriptBatch['rejected'] = [];
  const before = client.apiCalls;
  for (let i = 0; i < ids.length; i += TRANSCRIPT_IDS_PER_QUERY) {
    const list = ids
      .slice(i, i + TRANSCRIPT_IDS_PER_QUERY)
      .map((id) => `'${id.replace(/[^\w]/g, '')}'`)
      .join(', ');
    // EntryTime is sortable per the object reference; Message (textarea) is not filterable.
    const soql = `SELECT Id, ConversationId, ActorType, EntryType, Message, EntryTime FROM ConversationEntry WHERE ConversationId IN (${list}) ORDER BY ConversationId, EntryTime`;
    for await (const page of client.queryPages(soql, { batchSize: pageSize })) {
      for (const record of page) {
        const parsed = RawConversationEntry.safeParse(record);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          const id = (record as { Id?: unknown }).Id;
          rejected.push({
            id: typeof id === 'string' ? id : undefined,
            reason: `${fieldPath(issue.path)}: ${issue.message}`,
          });
          continue;
        }
        const list = byConversation.get(parsed.data.ConversationId) ?? [];
        list.push(parsed.data);
        byConversation.set(parsed.data.ConversationId, list);
      }
    }
  }
  const transcripts = new Map<string, Transcript>();
  for (const [id, entries] of byConversation) {
    const t = toTranscript(entries, conversations.get(id));
    if (t) transcripts.set(id, t);
  }
  return { transcripts, rejected, requests: client.apiCalls - before };
}

/** Text entries in order, timed from the conversation's start when both times are known. */
export function toTranscript(
  entries: RawConversationEntry[],
  startedAt: string | undefined,
): Transcript | undefined {
  const t0 = startedAt ? Date.parse(startedAt) : NaN;
  const utterances = [...entries]
    .sort(
      (a, b) => Date.parse(a.EntryTime ?? '') - Date.parse(b.EntryTime ?? '') || (a.Seq ?? 0) - (b.Seq ?? 0),
    )
    .filter((e) => (e.EntryType ?? 'Text') === 'Text' && (e.Message ?? '').trim() !== '')
    .map((e) => {
      const at = e.EntryTime ? Date.parse(e.EntryTime) - t0 : NaN;
      const startMs = Number.isFinite(at) && at >= 0 ? Math.round(at) : null;
      return {
        speaker: SPEAKER[(e.ActorType ?? '').toLowerCase()] ?? ('unknown' as const),
        startMs,
        endMs: startMs,
        text: e.Message!.trim(),
      };
    });
  return utterances.length
    ? { utterances, source: 'platform', engine: 'salesforce-conversation-entry' }
    : undefined;
}
