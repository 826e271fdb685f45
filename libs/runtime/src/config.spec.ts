import { ConfigurationError, loadConfig } from './config';
import { projectionDatabaseUrl } from './projections';

const valid = { AUTH_MODE: 'development', NODE_ENV: 'test' };

function problemWith(env: Record<string, string>): ConfigurationError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('configuration from the environment', () => {
  it('applies defaults and launcher defaults, the environment winning', () => {
    const config = loadConfig({ ...valid, PORT: '4000' }, { PORT: '3000', TRANSPORT: 'in-process' });
    expect(config.PORT).toBe(4000);
    expect(config.TRANSPORT).toBe('in-process');
    expect(config.EVENT_STORE_SYNCHRONOUS).toBe('FULL');
    expect(config).not.toHaveProperty('DEMO_DATA'); // the platform's own setting (PlatformSettings)
  });

  it.each([
    [{ EVENT_STORE_URL: 'nonsense' }, 'EVENT_STORE_URL'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ TRANSPORT: 'carrier-pigeon' }, 'TRANSPORT'],
    [{ NATS_URL: 'http://x' }, 'NATS_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ AUTH_CLOCK_SKEW_SECONDS: '301' }, 'AUTH_CLOCK_SKEW_SECONDS'],
    [{ AUTH_CLOCK_SKEW_SECONDS: 'lots' }, 'AUTH_CLOCK_SKEW_SECONDS'],
    [{ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '59' }, 'AUTH_MAX_TOKEN_LIFETIME_SECONDS'],
    [{ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '604800' }, 'AUTH_MAX_TOKEN_LIFETIME_SECONDS'],
  ])('refuses %j naming %s in one line, without echoing the value', (env, variable) => {
    const error = problemWith({ ...valid, ...env });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^Configuration error: ${variable} `));
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toContain(Object.values(env)[0]);
  });

  it('sets the HTTP server timeouts explicitly, the headers within the request; the latency budget is opt-in', () => {
    expect(loadConfig(valid)).toMatchObject({ HTTP_HEADERS_TIMEOUT_MS: 10_000, HTTP_REQUEST_TIMEOUT_MS: 30_000, HTTP_KEEP_ALIVE_TIMEOUT_MS: 65_000, MAX_EVENT_LOOP_DELAY_MS: 0 });
    expect(loadConfig({ ...valid, MAX_EVENT_LOOP_DELAY_MS: '100' }).MAX_EVENT_LOOP_DELAY_MS).toBe(100);
    expect(problemWith({ ...valid, HTTP_HEADERS_TIMEOUT_MS: '40000' }).message).toBe('Configuration error: HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS (the headers are part of the request)');
    expect(problemWith({ ...valid, MAX_EVENT_LOOP_DELAY_MS: '-1' }).variable).toBe('MAX_EVENT_LOOP_DELAY_MS');
  });

  it('requires issuer and JWKS in oidc mode (the default)', () => {
    expect(problemWith({}).variable).toBe('OIDC_ISSUER');
    expect(problemWith({ OIDC_ISSUER: 'https://id.example.nl' }).variable).toBe('OIDC_JWKS_URL');
    expect(loadConfig({ NODE_ENV: 'test', OIDC_ISSUER: 'https://id.example.nl', OIDC_JWKS_URL: 'https://id.example.nl/jwks' }).AUTH_MODE).toBe('oidc');
  });

  it('requires the master key of the per-client keys in production', () => {
    const oidc = { OIDC_ISSUER: 'https://id.example.nl', OIDC_JWKS_URL: 'https://id.example.nl/jwks' };
    expect(problemWith(oidc).variable).toBe('SUBJECT_KEY_MASTER_KEY');
    expect(problemWith({ ...oidc, SUBJECT_KEY_MASTER_KEY: 'c2hvcnQ=' }).variable).toBe('SUBJECT_KEY_MASTER_KEY');
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ ...oidc, SUBJECT_KEY_MASTER_KEY: key }).SUBJECT_KEY_MASTER_KEY).toBe(key);
  });

  it('puts read models in PostgreSQL with DATABASE_URL, beside the SQLite store without it; anything else stops the start naming the variable, not the value', () => {
    expect(loadConfig(valid).DATABASE_URL).toBeUndefined();
    expect(projectionDatabaseUrl(loadConfig(valid), 'consent')).toBe('sqlite:data/projections-consent.db');
    expect(projectionDatabaseUrl(loadConfig({ ...valid, EVENT_STORE_URL: 'sqlite::memory:' }), 'consent')).toBe('sqlite::memory:');
    const url = 'postgres://consent_rm:s3cret@db.gemeente.example:5432/consent_rm';
    expect(projectionDatabaseUrl(loadConfig({ ...valid, DATABASE_URL: url }), 'consent')).toBe(url);
    const problem = problemWith({ ...valid, DATABASE_URL: 'mysql://consent_rm:s3cret@db/consent_rm' });
    expect(problem.message).toMatch(/^Configuration error: DATABASE_URL must be postgres:/);
    expect(problem.message).not.toContain('s3cret');
  });

  it('takes the key store as a SQLite file or PostgreSQL (shared by replicas), SQLite by default', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig(valid).SUBJECT_KEY_STORE_URL).toBe('sqlite:./data/subject-keys.db');
    for (const url of [
      'sqlite:/var/lib/wijkteam/subject-keys.db',
      'sqlite::memory:',
      'postgres://intake_keys:s3cret@db.gemeente.example:5432/intake_keys',
      'postgresql://intake_keys@db.gemeente.example/wijkteam?sslmode=require&schema=intake_keys',
      'postgres:///intake_keys?host=/var/run/postgresql',
    ])
      expect(loadConfig({ ...valid, SUBJECT_KEY_STORE_URL: url, SUBJECT_KEY_MASTER_KEY: key }).SUBJECT_KEY_STORE_URL).toBe(url);
  });

  it.each([
    'mysql://keys:s3cret@db/keys',
    '/var/lib/wijkteam/s3cret.db',
    'postgres://keys:s3cret@[db/keys',
    'postgres://keys:s3cret@db/keys?schema=Robert%22%3B',
    'postgres://keys:s3cret@db/my keys',
  ])('refuses the key store %s naming SUBJECT_KEY_STORE_URL, without echoing it or its password', (url) => {
    const error = problemWith({ ...valid, SUBJECT_KEY_STORE_URL: url });
    expect(error.variable).toBe('SUBJECT_KEY_STORE_URL');
    expect(error.message).toBe('Configuration error: SUBJECT_KEY_STORE_URL must be sqlite:<path> or postgres://user:password@host:port/database[?schema=name]');
    expect(error.message).not.toContain('s3cret');
  });

  it('requires a master key from the secret store with a PostgreSQL key store, also outside production', () => {
    // a development key file beside each replica would differ per replica: their keys would not unwrap on the other
    const error = problemWith({ ...valid, SUBJECT_KEY_STORE_URL: 'postgres://intake_keys:s3cret@db/intake_keys' });
    expect(error.variable).toBe('SUBJECT_KEY_MASTER_KEY');
    expect(error.message).toBe('Configuration error: SUBJECT_KEY_MASTER_KEY is required with a PostgreSQL key store');
  });

  const masterKey = Buffer.alloc(32, 7).toString('base64');
  it.each([['jetstream'], ['in-process']])('refuses the development issuer in production (TRANSPORT=%s), naming both variables in one line', (transport) => {
    const error = problemWith({ AUTH_MODE: 'development', NODE_ENV: 'production', TRANSPORT: transport, SUBJECT_KEY_MASTER_KEY: masterKey });
    expect(error.variable).toBe('AUTH_MODE');
    expect(error.message).toBe('Configuration error: AUTH_MODE must not be development when NODE_ENV=production (the development issuer hands out tokens to anyone)');
  });

  it('names the development issuer first when production also lacks its master key', () => {
    expect(problemWith({ AUTH_MODE: 'development', NODE_ENV: 'production' }).variable).toBe('AUTH_MODE');
  });

  it('keeps the development issuer outside production', () => {
    expect(loadConfig({ AUTH_MODE: 'development', NODE_ENV: 'development' }).AUTH_MODE).toBe('development');
  });

  it('defaults the token time limits to a minute of clock skew and a working day of lifetime, and reads them', () => {
    expect(loadConfig(valid)).toMatchObject({ AUTH_CLOCK_SKEW_SECONDS: 60, AUTH_MAX_TOKEN_LIFETIME_SECONDS: 36_000 });
    expect(loadConfig({ ...valid, AUTH_CLOCK_SKEW_SECONDS: '0', AUTH_MAX_TOKEN_LIFETIME_SECONDS: '900' })).toMatchObject({ AUTH_CLOCK_SKEW_SECONDS: 0, AUTH_MAX_TOKEN_LIFETIME_SECONDS: 900 });
  });
});
