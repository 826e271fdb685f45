import { DomainError } from '@wijkteam/contracts';
import type { CaseFileState } from '../domain/case-file';
import type { PlanFile } from '../domain/plan';

/**
 * What the plan, the evaluations and specialist care need of the case file, from its state: it
 * must be open (a closed file is reopened first), and it names the family and the referral's clock.
 */
export function openCaseFile(state: CaseFileState): PlanFile & { teamId: string | null; coachIds: string[]; director: CaseFileState['director'] } {
  if (state.status === 'none' || !state.caseFileId || !state.clientId || !state.referredAt) throw new DomainError('case_file_not_found', 'not_found');
  if (state.status === 'closed') throw new DomainError('case_file_closed');
  const familyIds = [...new Set([...(state.childIds ?? [state.clientId]), ...(state.familyMemberIds ?? [])])];
  return { caseFileId: state.caseFileId, clientId: state.clientId, familyIds, referredAt: state.referredAt, teamId: state.teamId ?? null, coachIds: state.coachIds, director: state.director };
}
