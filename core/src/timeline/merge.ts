import { z } from 'zod';
import type { Channel, Direction, Interaction, Platform, SourceRef } from '../model';
import {
  evidenceOf,
  IDENTITY_PRECEDENCE,
  type IdentifiedBy,
  IdentityDirectory,
  type IdentityMatch,
} from './identity';

/** The scoring outcome shown on a timeline entry (no findings, no transcript). */
export const TimelineScore = z.strictObject({
  score: z.number().min(0).max(100),
  compliant: z.boolean(),
  escalated: z.boolean(),
  escalationTypes: z.array(z.string()).default([]),
});
export type TimelineScore = z.infer<typeof TimelineScore>;
export type TimelineScoreInput = z.input<typeof TimelineScore>;

export interface TimelineAgent {
  platform: Platform;
  userId?: string;
  name?: string;
}

/** One thing that happened with a person, however many systems recorded it. */
export interface UnifiedTimelineEntry {
  /** Stable across runs: the smallest `platform:externalId` among the merged records. */
  id: string;
  channel: Channel;
  direction: Direction;
  startedAt?: string;
  endedAt?: string;
  agents: TimelineAgent[];
  /** Platforms we hold a record from, in PLATFORM_ORDER. */
  platforms: Platform[];
  /** The merged records themselves. */
  sources: SourceRef[];
  /** Every reference known for this interaction, including platforms not synced (yet). */
  links: SourceRef[];
  interactionIds: string[];
  score?: number;
  compliant?: boolean;
  escalated: boolean;
  escalationTypes: string[];
  personId?: string;
  identifiedBy?: IdentifiedBy;
}

export const PLATFORM_ORDER: readonly Platform[] = ['genesys', 'five9', 'salesforce', 'teachback'];

const refKey = (platform: string, id: string) => `${platform}:${id}`;

function keysOf(i: Interaction): string[] {
  const refs = [i.source, ...i.links];
  return refs.flatMap((r) => [
    refKey(r.platform, r.externalId),
    ...(r.aliases ?? []).map((a) => refKey(r.platform, a)),
  ]);
}

/**
 * Groups interactions that are the same real-world event: any shared reference (a Genesys
 * conversation id on a Salesforce VoiceCall's VendorCallKey, a Five9 call id in Task.CallObject,
 * a VoiceCall's ActivityId pointing at its call-log Task) puts them in one group, transitively.
 */
export function groupSameInteractions(interactions: readonly Interaction[]): Interaction[][] {
  const parent = interactions.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const owner = new Map<string, number>();
  interactions.forEach((interaction, i) => {
    for (const key of keysOf(interaction)) {
      const seen = owner.get(key);
      if (seen === undefined) owner.set(key, i);
      else parent[find(i)] = find(seen);
    }
  });
  const groups = new Map<number, Interaction[]>();
  interactions.forEach((interaction, i) => {
    const root = find(i);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = []));
    g.push(interaction);
  });
  return [...groups.values()];
}

const rank = (p: Platform) => PLATFORM_ORDER.indexOf(p);

/** Contact-center platforms saw the call happen; the CRM record is a log of it. */
function byAuthority(a: Interaction, b: Interaction): number {
  return (
    rank(a.source.platform) - rank(b.source.platform) ||
    a.source.externalId.localeCompare(b.source.externalId)
  );
}

function strongest(matches: IdentityMatch[]): IdentityMatch {
  const found = matches.filter((m): m is { personId: string; by: IdentifiedBy } => m.personId !== undefined);
  for (const level of IDENTITY_PRECEDENCE) {
    const people = new Set(found.filter((m) => m.by === level).map((m) => m.personId));
    if (people.size === 1) return { personId: [...people][0]!, by: level };
    if (people.size > 1) return { personId: undefined, reason: 'ambiguous' };
  }
  return matches.find((m) => m.personId === undefined) ?? { personId: undefined, reason: 'no-evidence' };
}

function dedupeRefs(refs: SourceRef[]): SourceRef[] {
  const out = new Map<string, SourceRef>();
  for (const r of refs) {
    const key = refKey(r.platform, r.externalId);
    const prior = out.get(key);
    if (!prior) out.set(key, { ...r });
    else if (r.aliases?.length) {
      prior.aliases = [...new Set([...(prior.aliases ?? []), ...r.aliases])];
    }
  }
  return [...out.values()].sort(
    (a, b) => rank(a.platform) - rank(b.platform) || a.externalId.localeCompare(b.externalId),
  );
}

function entryFor(
  group: Interaction[],
  identity: IdentityMatch,
  scores: ReadonlyMap<string, TimelineScore>,
): UnifiedTimelineEntry {
  const ordered = [...group].sort(byAuthority);
  const lead = ordered[0]!;
  const first = <T>(pick: (i: Interaction) => T | undefined): T | undefined => {
    for (const i of ordered) {
      const v = pick(i);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const agents: TimelineAgent[] = [];
  const seenAgents = new Set<string>();
  for (const i of ordered) {
    for (const p of i.participants) {
      if (p.role !== 'agent') continue;
      const key = `${i.source.platform}:${p.userId ?? p.name ?? ''}`;
      if (seenAgents.has(key)) continue;
      seenAgents.add(key);
      agents.push({
        platform: i.source.platform,
        ...(p.userId ? { userId: p.userId } : {}),
        ...(p.name ? { name: p.name } : {}),
      });
    }
  }
  const groupScores = ordered.map((i) => scores.get(i.id)).filter((s): s is TimelineScore => !!s);
  // The scorecard of the most authoritative record wins; escalations from any record count.
  const score = groupScores[0];
  const escalationTypes = [...new Set(groupScores.flatMap((s) => s.escalationTypes))].sort();
  const sources = dedupeRefs(ordered.map((i) => i.source));
  const links = dedupeRefs(ordered.flatMap((i) => [i.source, ...i.links]));
  const startedAt = first((i) => i.startedAt);
  const endedAt = first((i) => i.endedAt);
  const direction = first((i) => (i.direction === 'unknown' ? undefined : i.direction)) ?? 'unknown';
  return {
    id: [...new Set(ordered.flatMap((i) => [refKey(i.source.platform, i.source.externalId)]))].sort()[0]!,
    channel: lead.channel,
    direction,
    ...(startedAt ? { startedAt } : {}),
    ...(endedAt ? { endedAt } : {}),
    agents,
    platforms: PLATFORM_ORDER.filter((p) => ordered.some((i) => i.source.platform === p)),
    sources,
    links,
    interactionIds: ordered.map((i) => i.id),
    ...(score ? { score: score.score, compliant: score.compliant } : {}),
    escalated: groupScores.some((s) => s.escalated),
    escalationTypes,
    ...(identity.personId ? { personId: identity.personId, identifiedBy: identity.by } : {}),
  };
}

export interface TimelineInput {
  interactions: readonly Interaction[];
  people: IdentityDirectory;
  /** Keyed by Interaction.id. */
  scores?: ReadonlyMap<string, TimelineScoreInput> | Record<string, TimelineScoreInput>;
}

export interface UnifiedTimelines {
  byPerson: Map<string, UnifiedTimelineEntry[]>;
  /** Entries no person could be resolved for, with the reason (never guessed onto someone). */
  unresolved: { entry: UnifiedTimelineEntry; reason: string }[];
}

function chronological(a: UnifiedTimelineEntry, b: UnifiedTimelineEntry): number {
  const x = a.startedAt ? Date.parse(a.startedAt) : Number.POSITIVE_INFINITY;
  const y = b.startedAt ? Date.parse(b.startedAt) : Number.POSITIVE_INFINITY;
  return x - y || a.id.localeCompare(b.id);
}

/**
 * Merges interactions from every platform into one ordered timeline per person: duplicates of
 * the same event collapse into one entry listing every source, and each entry is attributed to a
 * person by the strongest identity evidence any of its records carries.
 */
export function buildTimelines(input: TimelineInput): UnifiedTimelines {
  const scores = new Map<string, TimelineScore>();
  const rawScores = input.scores instanceof Map ? [...input.scores] : Object.entries(input.scores ?? {});
  for (const [id, s] of rawScores) scores.set(id, TimelineScore.parse(s));
  const byPerson = new Map<string, UnifiedTimelineEntry[]>();
  const unresolved: UnifiedTimelines['unresolved'] = [];
  for (const group of groupSameInteractions(input.interactions)) {
    const identity = strongest(group.map((i) => input.people.resolve(evidenceOf(i))));
    const entry = entryFor(group, identity, scores);
    if (identity.personId === undefined) {
      unresolved.push({ entry, reason: identity.reason });
      continue;
    }
    let list = byPerson.get(identity.personId);
    if (!list) byPerson.set(identity.personId, (list = []));
    list.push(entry);
  }
  for (const list of byPerson.values()) list.sort(chronological);
  unresolved.sort((a, b) => chronological(a.entry, b.entry));
  return { byPerson, unresolved };
}

/** One person's timeline, oldest first. */
export function personTimeline(input: TimelineInput, personId: string): UnifiedTimelineEntry[] {
  return buildTimelines(input).byPerson.get(personId) ?? [];
}
