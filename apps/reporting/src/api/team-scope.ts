import type { AuthenticatedUser } from '@wijkteam/auth';
import { DomainError } from '@wijkteam/contracts';

/** An auditor reads any team (null: all); a coordinator only their own organisation's (another: 403 other_team). */
export function teamFor(user: AuthenticatedUser, team: string | undefined): string | null {
  if (user.roles.includes('auditor')) return team ?? null;
  if (team !== undefined && team !== user.organisation) throw new DomainError('other_team', 'forbidden', 'team');
  return user.organisation;
}
