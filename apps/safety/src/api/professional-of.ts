import type { AuthenticatedUser } from '@wijkteam/auth';
import { DomainError } from '@wijkteam/contracts';
import type { SafetyCaseFile } from '../application/safety-case-files';

/** The roles that take safety decisions on a file; the first the caller holds is recorded with their id. */
export const SAFETY_DECISION_ROLES = ['behavioural-scientist', 'team-coordinator', 'coach'] as const;

/** The logged-in professional as the token names them (seed 002, four eyes: recorded by user and role). */
export function professionalOf(user: AuthenticatedUser): { userId: string; role: string } {
  const role = SAFETY_DECISION_ROLES.find((each) => user.roles.includes(each));
  if (!role) throw new DomainError('not_a_safety_role', 'forbidden');
  return { userId: user.userId, role };
}

/** A closed file takes no new safety acts. */
export function assertOpen(file: SafetyCaseFile): SafetyCaseFile {
  if (file.status !== 'open') throw new DomainError('case_file_closed');
  return file;
}
