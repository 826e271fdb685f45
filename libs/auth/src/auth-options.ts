export type AuthMode = 'development' | 'oidc';

export interface AuthOptions {
  /** 'development' starts an in-process issuer with demo users; 'oidc' trusts only the remote JWKS. */
  mode: AuthMode;
  issuer: string;
  audience: string;
  /** Required in 'oidc' mode. */
  jwksUrl?: string;
  /** Allowed clock skew between this host and the issuer; defaults to 30 seconds. */
  clockToleranceSeconds?: number;
  /** 'development' only: where the issuer keeps its signing key across restarts; in memory without. */
  developmentKeyFile?: string;
}

export type ValidatedAuthOptions = AuthOptions & { clockToleranceSeconds: number };

/** Injection token for the validated options. */
export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
const MAX_CLOCK_TOLERANCE_SECONDS = 300;

/** The development issuer's name when no OIDC_ISSUER is configured (the runtime's config loads env). */
export const DEVELOPMENT_ISSUER = 'urn:wijkteam:development-issuer';

export class InvalidAuthOptions extends Error {
  constructor(problem: string) {
    super(`auth configuration: ${problem}`);
    this.name = 'InvalidAuthOptions';
  }
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
  const clockToleranceSeconds = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  if (
    !Number.isInteger(clockToleranceSeconds) ||
    clockToleranceSeconds < 0 ||
    clockToleranceSeconds > MAX_CLOCK_TOLERANCE_SECONDS
  ) {
    throw new InvalidAuthOptions(`clockToleranceSeconds must be an integer from 0 to ${MAX_CLOCK_TOLERANCE_SECONDS}`);
  }
  if (mode === 'development') {
    if (options.developmentKeyFile === undefined) return { mode, issuer, audience, clockToleranceSeconds };
    return { mode, issuer, audience, clockToleranceSeconds, developmentKeyFile: requireText(options.developmentKeyFile, 'developmentKeyFile') };
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
  return { mode, issuer, audience, jwksUrl: url.href, clockToleranceSeconds };
}
