import { z } from 'zod';
import type { Logger } from '@teachback/adapter-logger';
import { TeachbackError } from '@teachback/core';
import { conversationAgents, LIVE_QUEUE_TOPICS_MAX, LiveTranscription } from '@teachback/adapter-genesys';
import { listAllQueueIds } from '@teachback/connector-genesys';
import { genesysConnections } from '@teachback/adapter-jobs';
import { parseDatabaseUrl, parseMasterKey, type SqlStore } from '@teachback/adapter-store';
import {
  EncryptedFanout,
  GenesysLiveSubscriptions,
  PostgresLiveLeases,
  fanoutFrom,
  fanoutKeyFromMaster,
  parseFanoutKey,
  type FanoutKey,
  type LiveFanout,
  type LiveFeed,
  type LiveHub,
} from '@teachback/adapter-server';
import type { Settings } from '@teachback/config';
import { readFileSync } from 'node:fs';

/**
 * The queues a tenant's Genesys connection asks live guidance for: `liveQueueIds` in the
 * connection's settings (`teachback connect genesys`) narrows it; without it every queue of the
 * org is subscribed (GET /api/v2/routing/queues, read again at each poll).
 */
const LiveQueues = z.looseObject({
  liveQueueIds: z
    .array(z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'a Genesys queue id'))
    .min(1)
    .max(LIVE_QUEUE_TOPICS_MAX)
    .optional(),
});

/**
 * At most LIVE_QUEUE_TOPICS_MAX queues (10 of the 20 notification channels; the other 10 are for
 * the calls' transcription topics); the rest are left out, first by id, and reported with a code.
 */
function capQueues(ids: readonly string[], onCapped: () => void): string[] {
  if (ids.length <= LIVE_QUEUE_TOPICS_MAX) return [...ids];
  onCapped();
  return [...ids].sort().slice(0, LIVE_QUEUE_TOPICS_MAX);
}

/** Tuning for tests; a deployment runs with the defaults (poll every 60 s). */
export interface GenesysLiveServeOptions {
  pollMs?: number;
  retryBaseMs?: number;
}

/**
 * `teachback serve`'s Genesys Cloud live guidance: every tenant with a stored `genesys`
 * connection (polled) gets one LiveTranscription on its `liveQueueIds`, or else on every queue of
 * the org (re-listed at each poll), with the connection's credentials, gateway and shared request
 * budget (as the sync jobs build them), bridged into the
 * hub with the agent read from the conversation's participants. On PostgreSQL, one instance per
 * tenant subscribes (advisory-lock leases). Failures are logged with codes only.
 */
export function genesysLiveFeed(
  store: SqlStore,
  settings: Pick<Settings, 'store'>,
  log: Logger,
  o: GenesysLiveServeOptions = {},
): (hub: LiveHub) => LiveFeed {
  const warned = new Set<string>();
  const onError = (code: string, tenantId: string | undefined) =>
    log.warn('genesys live', { code, ...(tenantId ? { tenantId } : {}) });
  return (hub) => {
    let leases: PostgresLiveLeases | undefined;
    const ref: { subs?: GenesysLiveSubscriptions } = {};
    if (store.driver.kind === 'postgres') {
      const target = parseDatabaseUrl(settings.store.databaseUrl);
      if (target.kind === 'postgres')
        leases = new PostgresLiveLeases(
          target.connectionString,
          `teachback:genesys-live:${target.schema ?? 'public'}`,
          (code) => {
            onError(code, undefined);
            // Another instance may take the tenants now: stop ours at once, not at the next poll.
            if (code === 'LIVE.LEASES_LOST') void ref.subs?.poll();
          },
        );
    }
    const subs = (ref.subs = new GenesysLiveSubscriptions({
      hub,
      ...(leases ? { leases } : {}),
      ...(o.pollMs !== undefined ? { pollMs: o.pollMs } : {}),
      ...(o.retryBaseMs !== undefined ? { retryBaseMs: o.retryBaseMs } : {}),
      onError,
      onChange: (tenantId, state) => {
        if (state !== 'not-configured') return log.info('genesys live', { tenantId, state });
        if (warned.has(tenantId)) return;
        warned.add(tenantId);
        log.warn('genesys live', { tenantId, code: 'LIVE.GENESYS_NOT_CONNECTED' });
      },
      // The settings column holds no secret; the credentials are only read (and audited) on open.
      tenants: async () =>
        (
          await store.driver.all(
            "SELECT tenant_id, updated_at FROM connections WHERE id = 'genesys' AND platform = 'genesys' ORDER BY tenant_id",
          )
        ).map((r) => ({ tenantId: String(r.tenant_id), version: String(r.updated_at) })),
      open: async (tenantId) => {
        const row = await store.driver.get(
          "SELECT settings FROM connections WHERE tenant_id = ? AND id = 'genesys'",
          [tenantId],
        );
        if (!row) return undefined;
        const parsed = LiveQueues.safeParse(JSON.parse(String(row.settings)));
        if (!parsed.success)
          throw new TeachbackError(
            'LIVE.GENESYS_QUEUES_INVALID',
            `connection.settings.liveQueueIds: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
          );
        const named = parsed.data.liveQueueIds;
        // A fresh build each time: a rewritten connection (new secret) is read again.
        const { client } = await genesysConnections(store)(tenantId);
        const agents = conversationAgents(client);
        const capped = () => onError('LIVE.GENESYS_QUEUES_CAPPED', tenantId);
        // No liveQueueIds: every queue of the org (routing:queue:view), listed again at each poll.
        const orgQueues = async () => capQueues(await listAllQueueIds(client), capped);
        const live = new LiveTranscription({ client, queueIds: named ?? (await orgQueues()) });
        return {
          live,
          agentOf: (id) => agents.agentOf(id),
          forget: (id) => agents.forget(id),
          ...(named
            ? {}
            : {
                refresh: async () => {
                  const { added, removed } = await live.setQueues(await orgQueues());
                  if (added + removed > 0)
                    log.info('genesys live', { tenantId, queuesAdded: added, queuesRemoved: removed });
                },
              }),
        };
      },
    }));
    void subs.start();
    return subs;
  };
}

/**
 * The fan-out `teachback serve` runs with: in-process for one instance; across processes
 * (PostgreSQL, Redis) encrypted with `server.liveFanoutKeys`, else a key derived from the master
 * key. The derived key is also accepted beside listed keys, so moving to listed keys needs no gap.
 */
export function serveFanout(
  settings: Pick<Settings, 'server' | 'keys'>,
  onError?: (code: string) => void,
): LiveFanout | undefined {
  const url = settings.server.liveFanout;
  if (!url) return undefined;
  const inner = fanoutFrom(url);
  if (inner.kind === 'memory') return inner;
  const listed = (settings.server.liveFanoutKeys ?? []).map(parseFanoutKey);
  const master = masterKeyOf(settings.keys);
  const keys: FanoutKey[] = [...listed, ...(master ? [fanoutKeyFromMaster(master)] : [])];
  if (keys.length === 0) {
    void inner.close();
    throw new TeachbackError(
      'CONFIG.INVALID',
      'TEACHBACK_LIVE_FANOUT_KEYS: needed to encrypt the live fan-out (or set TEACHBACK_MASTER_KEY / TEACHBACK_MASTER_KEY_FILE)',
    );
  }
  return new EncryptedFanout(inner, keys, onError);
}

function masterKeyOf(keys: Settings['keys'] | undefined): Buffer | undefined {
  if (keys?.masterKey) return parseMasterKey(keys.masterKey);
  if (!keys?.masterKeyFile) return undefined;
  let text: string;
  try {
    text = readFileSync(keys.masterKeyFile, 'utf8');
  } catch (cause) {
    throw new TeachbackError('CRYPTO.KEY_FILE_UNREADABLE', 'TEACHBACK_MASTER_KEY_FILE cannot be read', {
      cause,
    });
  }
  return parseMasterKey(text);
}
