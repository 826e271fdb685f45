import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import type { ValidatedAuthOptions } from './auth-options';
import type { AuthenticatedUser } from './authenticated-user';
import { userFromClaims } from './claims';
import { IdentityProviderUnavailable, TokenRejected } from './token-rejected';
import { tokenTimeRefusal, type TokenTimeRules } from './token-times';

/** Asymmetric only: an HS* token could be forged by anyone holding the (public) verification key. */
export const OIDC_ALGORITHMS = ['RS256', 'ES256', 'PS256'];
export const DEVELOPMENT_ALGORITHM = 'ES256';

const JWKS_TIMEOUT_MS = 5_000;

// The keys could not be obtained; the token itself was never judged.
const PROVIDER_FAULTS = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JOSE_GENERIC', 'ERR_JWKS_INVALID']);

function rejectionFor(error: unknown): TokenRejected | IdentityProviderUnavailable {
  if (error instanceof TokenRejected) return error;
  if (error instanceof errors.JWTExpired) return new TokenRejected('token expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return new TokenRejected('invalid token issuer');
    if (error.claim === 'aud') return new TokenRejected('invalid token audience');
    if (error.claim === 'nbf' && error.reason === 'check_failed') return new TokenRejected('token not yet valid');
    return new TokenRejected('invalid token claims');
  }
  if (error instanceof errors.JOSEError) {
    return PROVIDER_FAULTS.has(error.code) ? new IdentityProviderUnavailable(error.code) : new TokenRejected('invalid token');
  }
  // Node network errors (ECONNREFUSED, ENOTFOUND, …) from fetching a remote JWKS carry a syscall.
  // Checked by shape: they may come from another realm, where `instanceof Error` is false.
  if (typeof error === 'object' && error !== null && 'syscall' in error) {
    const code = 'code' in error && typeof error.code === 'string' ? error.code : 'network error';
    return new IdentityProviderUnavailable(code);
  }
  return new TokenRejected('invalid token');
}

/**
 * Verifies a compact JWS and turns its claims into an AuthenticatedUser. Throws TokenRejected (the
 * caller's fault: 401) or IdentityProviderUnavailable (ours: 503); nothing else escapes.
 */
export class TokenVerifier {
  constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly rules: { issuer: string; audience: string; algorithms: string[] } & TokenTimeRules,
  ) {}

  static forOidc(options: ValidatedAuthOptions): TokenVerifier {
    if (!options.jwksUrl) throw new Error('jwksUrl is required in oidc mode');
    const keys = createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: JWKS_TIMEOUT_MS });
    return new TokenVerifier(keys, { ...options, algorithms: OIDC_ALGORITHMS });
  }

  static forLocalKeys(jwks: JSONWebKeySet, options: ValidatedAuthOptions): TokenVerifier {
    return new TokenVerifier(createLocalJWKSet(jwks), { ...options, algorithms: [DEVELOPMENT_ALGORITHM] });
  }

  async verify(token: string): Promise<AuthenticatedUser> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.rules.issuer,
        audience: this.rules.audience,
        algorithms: this.rules.algorithms,
        clockTolerance: this.rules.clockToleranceSeconds,
        requiredClaims: ['sub'],
      });
      // Without exp (refused there too) a stolen token would be valid forever.
      const refusal = tokenTimeRefusal(payload, Math.floor(Date.now() / 1000), this.rules);
      if (refusal) throw new TokenRejected(refusal);
      return userFromClaims(payload);
    } catch (error) {
      throw rejectionFor(error);
    }
  }
}
