import type { YouthTransition } from '../domain/transition';
import type { AdultTeamHandover, CategoryCover } from './adult-team-access';

/**
 * The parts of a youth's file case planning holds, each under the data category a consent names it
 * by: the transition record (whether and how help continues) is the help request; the other
 * providers' status is care history. A new part is one entry here and one in `partsOf`.
 */
export const HANDOVER_PARTS = { transition: 'help_request', other_providers: 'care_history' } as const;
export type HandoverPart = keyof typeof HANDOVER_PARTS;

export interface HandoverView {
  caseFileId: string;
  clientId: string;
  adultTeamColleagueId: string;
  handedOverAt: string;
  categories: CategoryCover[];
  /** The parts whose category the consent covers now. */
  shown: Partial<{ transition: YouthTransition['question'] | null; other_providers: YouthTransition['otherProviders'] | null }>;
  /** Every other part: youth-only, named, never shown. */
  withheld: HandoverPart[];
}

function partsOf(transition: YouthTransition): Record<HandoverPart, unknown> {
  return { transition: transition.question ?? null, other_providers: transition.otherProviders ?? null };
}

/** What the adult-team colleague sees: per part, shown when its category is covered at this read, otherwise withheld. */
export function handoverViewOf(caseFileId: string, clientId: string, access: AdultTeamHandover): HandoverView {
  const covered = new Set(access.categories.filter((c) => c.covered).map((c) => c.category));
  const parts = partsOf(access.transition);
  const shown: Record<string, unknown> = {};
  const withheld: HandoverPart[] = [];
  for (const part of Object.keys(HANDOVER_PARTS) as HandoverPart[]) {
    if (covered.has(HANDOVER_PARTS[part])) shown[part] = parts[part];
    else withheld.push(part);
  }
  return { caseFileId, clientId, adultTeamColleagueId: access.handover.adultTeamColleagueId, handedOverAt: access.handover.completedAt, categories: access.categories, shown: shown as HandoverView['shown'], withheld };
}
