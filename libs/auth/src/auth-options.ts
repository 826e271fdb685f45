export type AuthMode = 'development' | 'oidc';

export interface AuthOptions {
  /** 'development' starts an in-process issuer with demo users; 'oidc' trusts only the remote JWKS. */
  mode: AuthMode;
  issuer: string;
  audience: string;
  /** Required in 'oidc' mode. */
  jwksUrl?: string;
  /** Allowed clock skew between this host and the issuer (exp, nbf, iat); defaults to 60 seconds. */
  clockToleranceSeconds?: number;
  /** The longest validity (exp - iat, or exp - now without iat) a token may have; defaults to 10 hours. */
  maxTokenLifetimeSeconds?: number;
  /** 'development' only: where the issuer keeps its signing key across restarts; in memory without. */
  developmentKeyFile?: string;
}

export type ValidatedAuthOptions = AuthOptions & { clockToleranceSeconds: number; maxTokenLifetimeSeconds: number };

/** Injection token for the validated options. */
export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;
export const MAX_CLOCK_TOLERANCE_SECONDS = 300;
/** A working day with its breaks (08:00-18:00): a token handed out at the start lasts through it, a stolen one not into the next. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 10 * 60 * 60;
export const MAX_MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

/** The development issuer's name when no OIDC_ISSUER is configured (the runtime's config loads env). */
export const DEVELOPMENT_ISSUER = 'urn:wijkteam:development-issuer';

export class InvalidAuthOptions extends Error {
  constructor(problem: string) {
    super(`auth configuration: ${problem}`);
    this.name = 'InvalidAuthOptions';
  }
}

function requireSeconds(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidAuthOptions(`${field} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new InvalidAuthOptions(`${field} must be a non-empty string`);
  }
  return value.trim();
}

/**
 * Checked at start-up so that a wrong setting stops the process with a clear message instead of
 * refusing (or worse, accepting) tokens later. Options usually come from env or untyped JSON, so
 * every field is checked even though the type already says what it must be.
 */
export function validateAuthOptions(options: AuthOptions): ValidatedAuthOptions {
  const mode: unknown = options?.mode;
  if (mode !== 'development' && mode !== 'oidc') {
    throw new InvalidAuthOptions("mode must be 'development' or 'oidc'");
  }
  const issuer = requireText(options.issuer, 'issuer');
  const audience = requireText(options.audience, 'audience');
  const times = {
    clockToleranceSeconds: requireSeconds(options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS, 'clockToleranceSeconds', 0, MAX_CLOCK_TOLERANCE_SECONDS),
    maxTokenLifetimeSeconds: requireSeconds(options.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, 'maxTokenLifetimeSeconds', 60, MAX_MAX_TOKEN_LIFETIME_SECONDS),
  };
  if (mode === 'development') {
    if (options.developmentKeyFile === undefined) return { mode, issuer, audience, ...times };
    return { mode, issuer, audience, ...times, developmentKeyFile: requireText(options.developmentKeyFile, 'developmentKeyFile') };
  }

  const jwksUrl = requireText(options.jwksUrl, 'jwksUrl (required in oidc mode)');
  let url: URL;
  try {
    url = new URL(jwksUrl);
  } catch {
    throw new InvalidAuthOptions('jwksUrl must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidAuthOptions('jwksUrl must be an http(s) URL');
  }
  return { mode, issuer, audience, jwksUrl: url.href, ...times };
}
