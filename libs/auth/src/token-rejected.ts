/**
 * Why a token was refused, in words a client developer can act on. These are the only texts that
 * reach a response or a log line: never the token or any of its claims.
 */
export type TokenRejectionReason =
  | 'missing bearer token'
  | 'invalid token'
  | 'invalid token claims'
  | 'invalid token issuer'
  | 'invalid token audience'
  | 'token expired'
  | 'token without expiry'
  | 'token not yet valid'
  | 'token issued in the future'
  | 'token lifetime too long';

/** The reason as the `code` of a 401 body: `token expired` → `token_expired`. */
export function rejectionCode(reason: TokenRejectionReason): string {
  return reason.replace(/ /g, '_');
}

export class TokenRejected extends Error {
  constructor(readonly reason: TokenRejectionReason) {
    super(reason);
    this.name = 'TokenRejected';
  }
}

/** The keys could not be fetched: the caller's token may be fine, so this is not a 401. */
export class IdentityProviderUnavailable extends Error {
  constructor(readonly code: string) {
    super('identity provider unavailable');
    this.name = 'IdentityProviderUnavailable';
  }
}
