import { builtinActModel } from '@teachback/config';
import {
  TeachbackError,
  applySuggestions,
  datedRules,
  decideAccess,
  milestones,
  mine,
  monthlyReview,
  outcomeOf,
  playbookDiff,
  selectExemplars,
  suggestFromFindings,
  suggestRetirements,
  toMiningCall,
  type AccessContext,
  type ActTags,
  type MiningCall,
  type MiningResult,
  type MonthlyReview,
  type OutcomeName,
  type PlaybookDiff,
  type PromptOutcomeRecord,
  type StoredSuggestion,
  type Store,
  type Suggestion,
  type Utterance,
} from '@teachback/core';

/*
 * Playbook mining over the store: what `teachback mine` and the /v1/mining routes share. It reads
 * calls through the caller's own access context (so a supervisor mines what they may read, and
 * every read is audited as usual), runs the pure miner from core, and writes through the store.
 */

/** Tags a transcript's utterances with dialogue acts; the config package's act model fits. */
export type ActTagger = (utterances: readonly Utterance[]) => ActTags;

/** The config package's act model as an ActTagger: the act names tagged on each utterance. */
export function builtinActTagger(): ActTagger {
  const model = builtinActModel();
  return (utterances) =>
    new Map(model.tagTranscript(utterances).map((t) => [t.index, [...new Set(t.acts.map((a) => a.act))]]));
}

export interface CallWindow {
  from?: string | undefined;
  to?: string | undefined;
  callType?: string | undefined;
  agentId?: string | undefined;
  /** Stop after this many calls (newest pages first as the store lists them). Default 20,000. */
  max?: number;
}

export async function loadMiningCalls(
  store: Store,
  ctx: AccessContext,
  tenantId: string,
  window: CallWindow,
  tagActs?: ActTagger,
): Promise<MiningCall[]> {
  const out: MiningCall[] = [];
  const max = window.max ?? 20_000;
  let cursor: string | undefined;
  do {
    const page = await store.interactions.list(
      ctx,
      tenantId,
      {
        ...(window.from ? { from: window.from } : {}),
        ...(window.to ? { to: window.to } : {}),
        ...(window.agentId ? { agentId: window.agentId } : {}),
      },
      { limit: 500, ...(cursor ? { cursor } : {}) },
    );
    for (const s of page.items) {
      const d = await store.interactions.get(ctx, tenantId, s.id);
      if (window.callType && d.interaction.callType !== window.callType) continue;
      const utterances = d.interaction.transcript?.utterances ?? [];
      out.push(
        toMiningCall(
          d.interaction,
          d.scorecard,
          tagActs && utterances.length ? tagActs(utterances) : undefined,
        ),
      );
      if (out.length >= max) return out;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

export interface MineRequest extends CallWindow {
  outcome: OutcomeName;
  /** disposition outcome: the disposition that counts as success. */
  disposition?: string | undefined;
  /** score outcome: the least score that counts as success. */
  minScore?: number | undefined;
  playbookId: string;
  minCalls?: number | undefined;
  fdr?: number | undefined;
}

export interface MineReport {
  result: MiningResult;
  suggestions: Suggestion[];
  diff: PlaybookDiff;
  saved: { created: number; unchanged: number } | null;
}

function outcomeFor(req: Pick<MineRequest, 'outcome' | 'disposition' | 'minScore'>) {
  if (req.outcome === 'disposition' && !req.disposition)
    throw new TeachbackError('MINING.INVALID', 'disposition: give the disposition that counts as success', {
      details: { field: 'disposition' },
    });
  return outcomeOf(req.outcome, {
    ...(req.disposition ? { disposition: req.disposition } : {}),
    ...(req.minScore !== undefined ? { minScore: req.minScore } : {}),
  });
}

/** Mines the window, proposes the playbook diff and (unless `save` is false) stores the suggestions. */
export async function runMining(
  store: Store,
  ctx: AccessContext,
  tenantId: string,
  req: MineRequest,
  opts: { save?: boolean; tagActs?: ActTagger; calls?: MiningCall[] } = {},
): Promise<MineReport> {
  const outcome = outcomeFor(req);
  const calls = opts.calls ?? (await loadMiningCalls(store, ctx, tenantId, req, opts.tagActs));
  const result = {
    ...mine(calls, {
      outcome,
      outcomeName: req.outcome,
      ...(req.minCalls !== undefined ? { minCalls: req.minCalls } : {}),
      ...(req.fdr !== undefined ? { fdr: req.fdr } : {}),
    }),
    callType: req.callType ?? null,
  };
  let playbook;
  try {
    playbook = (await store.playbooks.latest(tenantId, req.playbookId)).playbook;
  } catch {
    playbook = undefined;
  }
  const suggestions = [
    ...suggestFromFindings(result, { playbookId: req.playbookId, ...(playbook ? { playbook } : {}) }),
    ...suggestRetirements(calls, {
      playbookId: req.playbookId,
      outcome,
      outcomeName: req.outcome,
      ...(req.minCalls !== undefined ? { minCalls: req.minCalls } : {}),
    }).filter((s) => !playbook || playbook.criteria.some((c) => c.id === s.retire?.criterionId)),
  ].map((s) => ({ ...s, callType: req.callType ?? null }));
  const saved = opts.save === false ? null : await store.mining.saveSuggestions(ctx, tenantId, suggestions);
  return { result, suggestions, diff: playbookDiff(req.playbookId, suggestions), saved };
}

export interface PublishReport {
  playbookId: string;
  version: number;
  note: string;
  published: string[];
}

/**
 * Publishes every accepted criterion change of a playbook as one new catalog version with the
 * change note "mined from N calls, effect …". Needs playbook write (admins); the catalog audits
 * the save and the store audits the suggestions' new status.
 */
export async function publishAccepted(
  store: Store,
  ctx: AccessContext,
  tenantId: string,
  playbookId: string,
): Promise<PublishReport | null> {
  const accepted = await store.mining.listSuggestions(ctx, tenantId, { status: 'accepted', playbookId });
  const changes = accepted;
  if (changes.length === 0) return null;
  const latest = await store.playbooks.latest(tenantId, playbookId);
  const applied = applySuggestions(latest.playbook, changes);
  const saved = await store.playbooks.save(ctx, tenantId, applied.playbook, {
    note: applied.note,
    version: latest.version + 1,
  });
  await store.mining.markPublished(
    ctx,
    tenantId,
    changes.map((s) => s.id),
    saved.version,
  );
  return {
    playbookId,
    version: saved.version,
    note: applied.note,
    published: changes.map((s) => s.id),
  };
}

/**
 * Accepts a suggestion and, when the reviewer may also write playbooks and `publish` is not
 * false, publishes it at once. A supervisor without playbook write leaves it accepted for an
 * admin to publish (`POST /v1/mining/publish`), so accepting never widens anyone's rights.
 */
export async function acceptSuggestion(
  store: Store,
  ctx: AccessContext,
  tenantId: string,
  id: string,
  opts: { reason?: string | undefined; publish?: boolean | undefined } = {},
): Promise<{ suggestion: StoredSuggestion; published: PublishReport | null; waitingFor: string | null }> {
  const s = await store.mining.decide(ctx, tenantId, id, {
    status: 'accepted',
    ...(opts.reason ? { reason: opts.reason } : {}),
  });
  const mayPublish = decideAccess(ctx.actor, 'write', { type: 'playbook', tenantId }).allowed;
  if (opts.publish === false || !mayPublish)
    return { suggestion: s, published: null, waitingFor: mayPublish ? 'publish' : 'an admin to publish' };
  const published = await publishAccepted(store, ctx, tenantId, s.playbookId);
  return { suggestion: await store.mining.getSuggestion(ctx, tenantId, id), published, waitingFor: null };
}

export interface LibraryRequest extends MineRequest {
  limit?: number | undefined;
}

/** Mines the window for winning moments and proposes the best successful calls for the library. */
export async function proposeLibrary(
  store: Store,
  ctx: AccessContext,
  tenantId: string,
  req: LibraryRequest,
  opts: { tagActs?: ActTagger; calls?: MiningCall[] } = {},
): Promise<{ proposed: number; candidates: number }> {
  const calls = opts.calls ?? (await loadMiningCalls(store, ctx, tenantId, req, opts.tagActs));
  const outcome = outcomeFor(req);
  const mined = mine(calls, {
    outcome,
    outcomeName: req.outcome,
    ...(req.minCalls !== undefined ? { minCalls: req.minCalls } : {}),
  });
  const exemplars = selectExemplars(calls, {
    outcome,
    findings: mined.findings,
    ...(req.limit !== undefined ? { limit: req.limit } : {}),
    ...(req.minScore !== undefined ? { minScore: req.minScore } : {}),
  });
  const proposed = await store.mining.proposeLibrary(ctx, tenantId, exemplars);
  return { proposed, candidates: exemplars.length };
}

/** An agent's milestones over their recent scored calls. */
export async function agentMilestones(
  store: Store,
  ctx: AccessContext,
  tenantId: string,
  agentId: string,
  window = 20,
): Promise<ReturnType<typeof milestones>> {
  const calls = await loadMiningCalls(store, ctx, tenantId, { agentId, max: window * 3 });
  const titles: Record<string, string> = {};
  for (const v of await store.playbooks.list(tenantId).catch(() => [])) {
    const p = await store.playbooks.latest(tenantId, v.id);
    for (const c of p.playbook.criteria) titles[c.id] = c.title;
  }
  return milestones(agentId, calls, { window, criterionTitles: titles });
}

/** Where live-prompt outcomes come from; by default the store's live-guidance records. */
export type PromptOutcomeSource = (tenantId: string, month: string) => Promise<PromptOutcomeRecord[]>;

/** Builds (and stores) the month's review. */
export async function buildMonthlyReview(
  store: Store,
  ctx: AccessContext,
  tenantId: string,
  month: string,
  opts: { prompts?: PromptOutcomeSource; tagActs?: ActTagger; save?: boolean } = {},
): Promise<MonthlyReview> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
    throw new TeachbackError('MINING.INVALID', 'month: expected YYYY-MM', { details: { field: 'month' } });
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 2, 1)).toISOString();
  const to = new Date(Date.UTC(y, m, 1) - 1).toISOString();
  const calls = await loadMiningCalls(store, ctx, tenantId, { from, to }, opts.tagActs);
  const versions = [];
  const playbooks = [];
  for (const v of await store.playbooks.list(tenantId)) {
    versions.push(...(await store.playbooks.history(tenantId, v.id)));
    playbooks.push((await store.playbooks.latest(tenantId, v.id)).playbook);
  }
  const review = monthlyReview(calls, {
    month,
    rules: datedRules(versions, playbooks),
    prompts: opts.prompts
      ? await opts.prompts(tenantId, month)
      : await store.live.promptOutcomes(tenantId, {
          from: new Date(Date.UTC(y, m - 1, 1)).toISOString(),
          to: new Date(Date.UTC(y, m, 1)).toISOString(),
        }),
  });
  if (opts.save !== false) await store.mining.saveReview(ctx, tenantId, review);
  return review;
}
