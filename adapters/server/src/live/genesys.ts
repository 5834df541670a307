import type {
  LiveEvent,
  LiveTranscription,
  LiveUtterance as GenesysUtterance,
} from '@teachback/adapter-genesys';
import type { LiveHub } from './hub';

export interface GenesysBridgeOptions {
  tenantId: string;
  /**
   * The Genesys user id of the agent on a conversation (the transcription topic does not carry
   * it); e.g. from the conversation's participants. Undefined: the call is not guided.
   */
  agentOf(conversationId: string): Promise<string | undefined>;
  /** Called with a code only (never content) when a call could not be fed. */
  onError?: (code: string) => void;
}

/**
 * Feeds Genesys Cloud's live transcription (adapters/genesys `LiveTranscription`: the
 * `v2.conversations.{id}.transcription` topic and the queue conversation events) into the hub, so
 * Genesys calls get the same storage, fan-out, screens and resume as streamed ones. The call id is
 * the conversation id, which is what the Genesys interaction widget knows (`{{gcConversationId}}`).
 * Utterances of one conversation are fed in arrival order.
 */
export function bridgeGenesysLive(
  live: LiveTranscription,
  hub: LiveHub,
  o: GenesysBridgeOptions,
): () => void {
  const chains = new Map<string, Promise<unknown>>();
  const started = new Map<string, Promise<boolean>>();
  const fail = (err: unknown) =>
    o.onError?.(String((err as { code?: unknown }).code ?? 'LIVE.GENESYS_FEED_FAILED'));

  const start = (conversationId: string, queueId?: string): Promise<boolean> => {
    let p = started.get(conversationId);
    if (!p) {
      p = (async () => {
        const agentId = await o.agentOf(conversationId);
        if (!agentId) return false;
        await hub.start(o.tenantId, {
          callId: conversationId,
          agentId,
          platform: 'genesys',
          externalId: conversationId,
          ...(queueId ? { queue: queueId } : {}),
        });
        return true;
      })().catch((err: unknown) => {
        started.delete(conversationId);
        fail(err);
        return false;
      });
      started.set(conversationId, p);
    }
    return p;
  };

  const inOrder = (conversationId: string, step: () => Promise<unknown>) => {
    const next = (chains.get(conversationId) ?? Promise.resolve()).then(step).catch(fail);
    chains.set(conversationId, next);
    return next;
  };

  const onUtterance = (u: GenesysUtterance) => {
    void inOrder(u.conversationId, async () => {
      if (!(await start(u.conversationId))) return;
      const speaker = u.utterance.speaker === 'system' ? 'unknown' : u.utterance.speaker;
      const offsetMs = u.utterance.startMs ?? 0;
      await hub.utterance(o.tenantId, u.conversationId, {
        // Genesys gives each result an id; without one, the channel and offset identify it.
        id: u.utteranceId ?? `${speaker}:${offsetMs}`,
        speaker,
        text: u.utterance.text,
        offsetMs,
        ...(u.utterance.endMs !== null && u.utterance.endMs !== undefined
          ? { endMs: u.utterance.endMs }
          : {}),
      });
    });
  };
  const onEvent = (e: LiveEvent) => {
    if (e.type === 'conversation_started')
      void inOrder(e.conversationId, () => start(e.conversationId, e.queueId));
    if (e.type === 'conversation_ended')
      void inOrder(e.conversationId, async () => {
        if (await started.get(e.conversationId)) await hub.end(o.tenantId, e.conversationId);
        started.delete(e.conversationId);
        chains.delete(e.conversationId);
      });
  };
  live.on('utterance', onUtterance);
  live.on('event', onEvent);
  return () => {
    live.off('utterance', onUtterance);
    live.off('event', onEvent);
  };
}
