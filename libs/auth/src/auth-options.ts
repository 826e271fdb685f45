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
}

export type ValidatedAuthOptions = AuthOptions & { clockToleranceSeconds: number };

/** Injection token for the validated options. */
export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
const MAX_CLOCK_TOLERANCE_SECONDS = 300;

/** What `authOptionsFromEnv` falls back to in development mode only, so `npm start` needs no setup. */
export const DEVELOPMENT_ISSUER = 'urn:wijkteam:development-issuer';
export const DEVELOPMENT_AUDIENCE = 'wijkteam-api';

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
  if (mode === 'development') return { mode, issuer, audience, clockToleranceSeconds };

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

/**
 * Reads AUTH_MODE, OIDC_ISSUER, OIDC_AUDIENCE, OIDC_JWKS_URL and AUTH_CLOCK_TOLERANCE_SECONDS.
 * Without AUTH_MODE the mode is 'oidc': the development issuer has to be asked for by name.
 */
export function authOptionsFromEnv(env: Record<string, string | undefined> = process.env): AuthOptions {
  const mode = (env.AUTH_MODE ?? 'oidc').trim();
  if (mode !== 'development' && mode !== 'oidc') {
    throw new InvalidAuthOptions("AUTH_MODE must be 'development' or 'oidc'");
  }
  const development = mode === 'development';
  const issuer = env.OIDC_ISSUER ?? (development ? DEVELOPMENT_ISSUER : undefined);
  const audience = env.OIDC_AUDIENCE ?? (development ? DEVELOPMENT_AUDIENCE : undefined);
  if (!issuer) throw new InvalidAuthOptions('OIDC_ISSUER is required in oidc mode');
  if (!audience) throw new InvalidAuthOptions('OIDC_AUDIENCE is required in oidc mode');
  if (!development && !env.OIDC_JWKS_URL) throw new InvalidAuthOptions('OIDC_JWKS_URL is required in oidc mode');
  const tolerance = env.AUTH_CLOCK_TOLERANCE_SECONDS;
  const clockToleranceSeconds = tolerance === undefined || tolerance === '' ? undefined : Number(tolerance);
  if (clockToleranceSeconds !== undefined && !Number.isInteger(clockToleranceSeconds)) {
    throw new InvalidAuthOptions('AUTH_CLOCK_TOLERANCE_SECONDS must be a whole number of seconds');
  }
  const options: AuthOptions = { mode, issuer, audience, jwksUrl: env.OIDC_JWKS_URL, clockToleranceSeconds };
  validateAuthOptions(options);
  return options;
}
