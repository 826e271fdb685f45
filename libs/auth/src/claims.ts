import type { JWTPayload } from 'jose';
import type { AuthenticatedUser } from './authenticated-user';
import { isRole, isTeam } from './roles';
import { TokenRejected } from './token-rejected';

const MAX_CLAIM_LENGTH = 255;

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_CLAIM_LENGTH;
}

/**
 * Maps verified claims (`sub`, `roles`, `org`, `team`) to the user. Roles the platform does not know
 * are dropped rather than refused, because identity providers add their own (`offline_access`, …);
 * a user left without any known role is authenticated but will be refused by every role check.
 */
export function userFromClaims(payload: JWTPayload): AuthenticatedUser {
  const { sub, roles, org, team } = payload;
  if (!nonEmptyString(sub) || !nonEmptyString(org) || !isTeam(team) || !Array.isArray(roles)) {
    throw new TokenRejected('invalid token claims');
  }
  const known = [...new Set(roles.filter(isRole))];
  return { userId: sub, roles: known, organisation: org, team };
}

/** The non-standard claims a token for this user carries; `sub` is set separately by the signer. */
export function claimsOf(user: AuthenticatedUser): { roles: string[]; org: string; team: string } {
  return { roles: [...user.roles], org: user.organisation, team: user.team };
}
