import type { Interaction } from '../model/interaction';
import type { Scorecard } from '../model/scorecard';
import type { MiningCall } from './types';

/** Per utterance index, the act names tagged on it (an act model's output, or nothing). */
export type ActTags = ReadonlyMap<number, readonly string[]>;

/**
 * What the miner needs of a stored call. The outcome facts come from the interaction itself:
 * stage (contact-center facts), disposition / wrap-up, and `attributes.csat` / `attributes.fcr`
 * when a platform mapping put them there.
 */
export function toMiningCall(
  interaction: Interaction,
  scorecard: Scorecard | null,
  acts?: ActTags,
): MiningCall {
  const criteria: Record<string, 'met' | 'missed' | 'not_applicable'> = {};
  const categories: Record<string, string> = {};
  for (const f of scorecard?.findings ?? []) {
    criteria[f.criterionId] = f.status;
    categories[f.criterionId] = f.category;
  }
  const csat = Number(interaction.attributes?.csat);
  const fcr = interaction.attributes?.fcr;
  const disposition = interaction.disposition ?? interaction.wrapUp?.name ?? interaction.wrapUp?.code;
  const queue = interaction.queue?.name ?? interaction.queue?.id;
  const agentId = interaction.participants.find((p) => p.role === 'agent')?.userId;
  return {
    id: interaction.id,
    ...(queue ? { queue } : {}),
    ...(interaction.callType ? { callType: interaction.callType } : {}),
    ...(agentId ? { agentId } : {}),
    ...(interaction.startedAt ? { startedAt: interaction.startedAt } : {}),
    utterances: (interaction.transcript?.utterances ?? []).map((u, i) => ({
      speaker: u.speaker === 'agent' || u.speaker === 'customer' ? u.speaker : 'system',
      text: u.text,
      ...(acts?.get(i) ? { acts: acts.get(i)! } : {}),
    })),
    ...(scorecard ? { score: scorecard.score, criteria, criterionCategories: categories } : {}),
    ...(disposition ? { disposition } : {}),
    ...(interaction.contactCenter?.stage ? { stage: interaction.contactCenter.stage } : {}),
    ...(Number.isFinite(csat) && interaction.attributes?.csat !== undefined ? { csat } : {}),
    ...(fcr === 'true' || fcr === 'false' ? { fcr: fcr === 'true' } : {}),
  };
}
