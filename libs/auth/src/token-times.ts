import type { JWTPayload } from 'jose';
import type { TokenRejectionReason } from './token-rejected';

export interface TokenTimeRules {
  clockToleranceSeconds: number;
  maxTokenLifetimeSeconds: number;
}

/**
 * The time rules jose does not apply (it has already checked `exp` and `nbf`, and that `iat` is a
 * number): a token issued in the future, beyond the clock tolerance, was minted by a wrong clock or
 * made to outlive its stated age; a token valid for longer than the limit outlives the working day
 * a stolen copy should die with. The lifetime counts from `iat`, or from now without one.
 */
export function tokenTimeRefusal(payload: JWTPayload, nowSeconds: number, rules: TokenTimeRules): TokenRejectionReason | undefined {
  const { iat, exp } = payload;
  if (iat !== undefined && iat > nowSeconds + rules.clockToleranceSeconds) return 'token issued in the future';
  if (exp === undefined) return 'token without expiry';
  if (exp - (iat ?? nowSeconds) > rules.maxTokenLifetimeSeconds) return 'token lifetime too long';
  return undefined;
}
