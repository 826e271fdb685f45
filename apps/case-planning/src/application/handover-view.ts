import type { PlanState } from '../domain/plan';
import type { YouthTransition } from '../domain/transition';
import type { AdultTeamHandover, CategoryCover } from './adult-team-access';

/**
 * The parts of a youth's file case planning holds, each under the data category a consent names it
 * by: the transition record (whether and how help continues) is the help request; the other
 * providers' status is care history; the agreed plan of approach is the plan. A new part is one
 * entry here and one in `partsOf`.
 */
export const HANDOVER_PARTS = { transition: 'help_request', other_providers: 'care_history', plan: 'plan_of_approach' } as const;

/** The agreed plan as the adult team reads it, in the client's words. */
export type HandedOverPlan = { version: number; goals: { goalId: string; text: string }[]; actions: { actionId: string; goalId: string; performerKind: string; dueOn: string; what: string }[] };
export type HandoverPart = keyof typeof HANDOVER_PARTS;

export interface HandoverView {
  caseFileId: string;
  clientId: string;
  adultTeamColleagueId: string;
  handedOverAt: string;
  categories: CategoryCover[];
  /** The parts whose category the consent covers now. */
  shown: Partial<{ transition: YouthTransition['question'] | null; other_providers: YouthTransition['otherProviders'] | null; plan: HandedOverPlan | null }>;
  /** Every other part: youth-only, named, never shown. */
  withheld: HandoverPart[];
}

function partsOf(transition: YouthTransition, plan: HandedOverPlan | null): Record<HandoverPart, unknown> {
  return { transition: transition.question ?? null, other_providers: transition.otherProviders ?? null, plan };
}

/**
 * The family's agreed plan, only when the youth is the one it was made for (the referred child): a
 * plan for a sibling's file is that family's, not this young adult's to release.
 */
export function handedOverPlanOf(plan: PlanState | null, clientId: string): HandedOverPlan | null {
  if (!plan || plan.agreedVersion === null || plan.clientId !== clientId || !plan.texts) return null;
  const texts = plan.texts;
  return {
    version: plan.agreedVersion,
    goals: plan.goals.map(({ goalId }) => ({ goalId, text: texts.goals[goalId] ?? '' })),
    actions: plan.actions.map(({ actionId, goalId, performer, dueOn }) => ({ actionId, goalId, performerKind: performer.kind, dueOn, what: texts.actions[actionId] ?? '' })),
  };
}

/** What the adult-team colleague sees: per part, shown when its category is covered at this read, otherwise withheld. */
export function handoverViewOf(caseFileId: string, clientId: string, access: AdultTeamHandover, plan: HandedOverPlan | null = null): HandoverView {
  const covered = new Set(access.categories.filter((c) => c.covered).map((c) => c.category));
  const parts = partsOf(access.transition, plan);
  const shown: Record<string, unknown> = {};
  const withheld: HandoverPart[] = [];
  for (const part of Object.keys(HANDOVER_PARTS) as HandoverPart[]) {
    if (covered.has(HANDOVER_PARTS[part])) shown[part] = parts[part];
    else withheld.push(part);
  }
  return { caseFileId, clientId, adultTeamColleagueId: access.handover.adultTeamColleagueId, handedOverAt: access.handover.completedAt, categories: access.categories, shown: shown as HandoverView['shown'], withheld };
}
