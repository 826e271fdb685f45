import type { Expertise, ReferralState } from './referral';
import type { TeamKind } from './team';

/**
 * Which coaches of the team fit a referral (seed 002: assignment by expertise and capacity, not by
 * area alone). A suggestion for the case conference, never the decision: the conference assigns,
 * and may assign a coach who is full.
 */

/** A member of the team as the ranking sees them: profile and current caseload (families). */
export interface CoachCandidate {
  userId: string;
  teamId: string;
  kind: TeamKind;
  expertise: readonly Expertise[];
  capacity: number;
  caseload: number;
}

export interface CoachSuggestion {
  userId: string;
  /** The referral's needs this coach has expertise in, in the order of the needs. */
  matchedExpertise: Expertise[];
  caseload: number;
  capacity: number;
  /** capacity − caseload; negative when over capacity. */
  freeCapacity: number;
  /** The number of needs matched: the first key of the ranking among coaches with room. */
  score: number;
}

/** Full years between a birth date and a day (both YYYY-MM-DD); negative for an expected child. */
export function ageAt(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.slice(0, 10).split('-').map(Number);
  const [ty, tm, td] = today.slice(0, 10).split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

const birthDateOf = (person: unknown): string | null => {
  const birthDate = (person as { birthDate?: unknown } | null)?.birthDate;
  return typeof birthDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(birthDate) ? birthDate : null;
};

/**
 * The expertise a referral asks for: its themes, and what follows from the family. A child whose
 * person is not readable (erased, or not recorded) adds nothing.
 */
export function needsOf(referral: Pick<ReferralState, 'themes' | 'intellectualDisability' | 'children' | 'client'>, today: string): Expertise[] {
  const needs = new Set<Expertise>(referral.themes ?? []);
  if (referral.intellectualDisability) needs.add('lvb');
  const children = referral.children ?? (referral.client ? [{ person: referral.client }] : []);
  for (const child of children) {
    const birthDate = birthDateOf(child.person);
    if (birthDate === null) continue;
    const age = ageAt(birthDate, today);
    if (age < 4) needs.add('jonge_kinderen');
    if (age >= 18) needs.add('jongvolwassenen');
  }
  return [...needs];
}

/**
 * The active Jeugdteam members of the referral's team, ranked: every coach with room before every
 * coach who is full; then by the number of needs matched; then by free capacity; ties by user id.
 */
export function suggestCoaches(teamId: string, needs: readonly Expertise[], candidates: readonly CoachCandidate[]): CoachSuggestion[] {
  return candidates
    .filter((candidate) => candidate.teamId === teamId && candidate.kind === 'jeugdteam')
    .map((candidate) => {
      const matchedExpertise = needs.filter((need) => candidate.expertise.includes(need));
      return {
        userId: candidate.userId,
        matchedExpertise,
        caseload: candidate.caseload,
        capacity: candidate.capacity,
        freeCapacity: candidate.capacity - candidate.caseload,
        score: matchedExpertise.length,
      };
    })
    .sort(
      (a, b) =>
        Number(b.freeCapacity > 0) - Number(a.freeCapacity > 0) ||
        b.score - a.score ||
        b.freeCapacity - a.freeCapacity ||
        (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
    );
}
