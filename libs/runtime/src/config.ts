import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { PostgresSubjectKeyStore } from '@wijkteam/privacy';
import { isEventStoreUrl } from '@wijkteam/event-store';
import {
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  MAX_CLOCK_TOLERANCE_SECONDS,
  MAX_MAX_TOKEN_LIFETIME_SECONDS,
} from '@wijkteam/auth';

/**
 * Typed configuration from the environment, validated once at start-up. A wrong or missing setting
 * stops the process with one line naming the variable (values are not echoed: they may be secrets).
 */
export const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

/** A PostgreSQL key store (shared by replicas) rather than a SQLite file. */
export const isPostgresKeyStoreUrl = (value: string): boolean => /^postgres(ql)?:\/\//.test(value);
const isSubjectKeyStoreUrl = (value: string): boolean => /^sqlite:\S+$/.test(value) || PostgresSubjectKeyStore.acceptsUrl(value);

/** A file the process can read (a mounted secret); its contents are read where they are used, never logged. */
const secretFile = z.string().refine((file) => {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}, 'must name a readable file');

/** The NATS credential settings: at most one kind may be given. */
const NATS_CREDENTIAL_KINDS = ['NATS_CREDS_FILE', 'NATS_NKEY_SEED_FILE', 'NATS_USER', 'NATS_TOKEN_FILE'] as const;

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    EVENT_STORE_URL: z
      .string()
      .refine(isEventStoreUrl, 'must be sqlite:<path>, postgres://user:password@host:port/database[?schema=name] or esdb://host:port?tls=…')
      .default('sqlite:./data/events.db'),
    EVENT_STORE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
    /** SQLite group commit (one fsync for the appends of one event-loop turn); `off` only to measure what it saves (bench:reporting). */
    EVENT_STORE_GROUP_COMMIT: z.enum(['on', 'off']).default('on'),
    TRANSPORT: z.enum(['in-process', 'jetstream']).default('jetstream'),
    NATS_URL: z
      .string()
      .regex(/^(nats|tls):\/\/[^\s]+$/, 'must be nats://host:port or tls://host:port')
      .default('nats://127.0.0.1:4222'),
    /**
     * NATS credentials, at most one kind, each read from a file (a mounted secret), never from the
     * environment itself: a .creds file (JWT and nkey seed), an nkey seed, a user with a password
     * file, or a token file. See libs/runtime/src/nats-credentials.ts.
     */
    NATS_CREDS_FILE: secretFile.optional(),
    NATS_NKEY_SEED_FILE: secretFile.optional(),
    NATS_USER: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a NATS user name').optional(),
    NATS_PASSWORD_FILE: secretFile.optional(),
    NATS_TOKEN_FILE: secretFile.optional(),
    /** TLS to NATS: on with a tls:// URL or any of these; the CA to trust, and a client certificate with its key. */
    NATS_TLS_CA_FILE: secretFile.optional(),
    NATS_TLS_CERT_FILE: secretFile.optional(),
    NATS_TLS_KEY_FILE: secretFile.optional(),
    /** Checkpoints, inbox and dead letters. Default: messaging.db beside a SQLite event store (they belong together). */
    MESSAGING_DB_PATH: z.string().min(1).optional(),
    /**
     * The read models' (projections') database, PostgreSQL, when replicas share read models; unset,
     * each service keeps projections-<service>.db beside a SQLite event store.
     */
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be postgres://user:password@host:port/database').optional(),
    NATS_STREAM: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an upper-case stream name').default('JEUGD'),
    AUTH_MODE: z.enum(['development', 'oidc']).default('oidc'),
    OIDC_ISSUER: z.string().url('must be a URL').optional(),
    OIDC_AUDIENCE: z.string().min(1).default('wijkteam'),
    OIDC_JWKS_URL: z.string().url('must be a URL').optional(),
    /** Clock skew allowed between this host and the identity provider, for exp, nbf and iat. */
    AUTH_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(MAX_CLOCK_TOLERANCE_SECONDS).default(DEFAULT_CLOCK_TOLERANCE_SECONDS),
    /** The longest validity a token may claim (exp - iat, or exp - now without iat). */
    AUTH_MAX_TOKEN_LIFETIME_SECONDS: z.coerce.number().int().min(60).max(MAX_MAX_TOKEN_LIFETIME_SECONDS).default(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS),
    /**
     * AUTH_MODE=development only: where the development issuer keeps its signing key (default
     * <data directory>/dev-issuer-key.json). Services run as separate processes give one shared file,
     * so each accepts the tokens the others hand on in their requests, as they would one IdP's.
     */
    AUTH_DEVELOPMENT_KEY_FILE: z.string().min(1).optional(),
    /** sqlite:<path> for one process; PostgreSQL when replicas must share their keys (production). */
    SUBJECT_KEY_STORE_URL: z
      .string()
      .refine(isSubjectKeyStoreUrl, 'must be sqlite:<path> or postgres://user:password@host:port/database[?schema=name]')
      .default('sqlite:./data/subject-keys.db'),
    /** Base64 of 32 bytes, from the secret store. Outside production a development key file is used when absent. */
    SUBJECT_KEY_MASTER_KEY: z
      .string()
      .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be base64 of exactly 32 bytes')
      .optional(),
    /**
     * How long a process keeps an unwrapped client key in memory. An erasure through this process
     * evicts at once; a replica sharing the key store (PostgreSQL) stops using a key destroyed
     * through another replica after at most this long.
     */
    SUBJECT_KEY_CACHE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** How long a command's Idempotency-Key answers its first answer again; expired keys are pruned. */
    IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(24),
    /** Requests being worked on (body read, answer not yet sent); above this, 503 with Retry-After at once. */
    MAX_IN_FLIGHT_REQUESTS: z.coerce.number().int().min(1).default(256),
    /** The latency budget: while the event loop runs this late, new requests get 503 with Retry-After before any work; 0: off. */
    MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(0),
    /**
     * Node's server timeouts, explicit. Behind an ingress a request arrives whole within milliseconds;
     * a client that takes longer to send its headers, or its whole request, is cut (408 or closed).
     */
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    /** Longer than the ingress keeps an idle upstream connection (ingress-nginx: 60 s), so the ingress closes it first and never sends on a closing one. */
    HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).default(65_000),
  })
  .superRefine((config, ctx) => {
    if (config.HTTP_HEADERS_TIMEOUT_MS > config.HTTP_REQUEST_TIMEOUT_MS)
      ctx.addIssue({ code: 'custom', path: ['HTTP_HEADERS_TIMEOUT_MS'], message: 'must not exceed HTTP_REQUEST_TIMEOUT_MS (the headers are part of the request)' });
    if (config.AUTH_MODE === 'oidc') {
      if (!config.OIDC_ISSUER) ctx.addIssue({ code: 'custom', path: ['OIDC_ISSUER'], message: 'is required when AUTH_MODE=oidc' });
      if (!config.OIDC_JWKS_URL) ctx.addIssue({ code: 'custom', path: ['OIDC_JWKS_URL'], message: 'is required when AUTH_MODE=oidc' });
    }
    // The development issuer signs a token for anyone who asks: never in production, one process or many.
    if (config.AUTH_MODE === 'development' && config.NODE_ENV === 'production')
      ctx.addIssue({ code: 'custom', path: ['AUTH_MODE'], message: 'must not be development when NODE_ENV=production (the development issuer hands out tokens to anyone)' });
    const credentials = NATS_CREDENTIAL_KINDS.filter((name) => config[name] !== undefined);
    if (credentials.length > 1)
      ctx.addIssue({ code: 'custom', path: [credentials[1]], message: `cannot be combined with ${credentials[0]}: give one kind of NATS credentials` });
    if (config.NATS_USER && !config.NATS_PASSWORD_FILE) ctx.addIssue({ code: 'custom', path: ['NATS_PASSWORD_FILE'], message: 'is required with NATS_USER' });
    if (config.NATS_PASSWORD_FILE && !config.NATS_USER) ctx.addIssue({ code: 'custom', path: ['NATS_USER'], message: 'is required with NATS_PASSWORD_FILE' });
    if (Boolean(config.NATS_TLS_CERT_FILE) !== Boolean(config.NATS_TLS_KEY_FILE))
      ctx.addIssue({ code: 'custom', path: [config.NATS_TLS_CERT_FILE ? 'NATS_TLS_KEY_FILE' : 'NATS_TLS_CERT_FILE'], message: 'is required with a client certificate (NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE go together)' });
    if (config.NODE_ENV === 'production' && !config.SUBJECT_KEY_MASTER_KEY)
      ctx.addIssue({ code: 'custom', path: ['SUBJECT_KEY_MASTER_KEY'], message: 'is required when NODE_ENV=production' });
    // A development key file exists only beside a SQLite key store; replicas sharing a database need one master key.
    else if (isPostgresKeyStoreUrl(config.SUBJECT_KEY_STORE_URL) && !config.SUBJECT_KEY_MASTER_KEY)
      ctx.addIssue({ code: 'custom', path: ['SUBJECT_KEY_MASTER_KEY'], message: 'is required with a PostgreSQL key store' });
  });

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigurationError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`Configuration error: ${variable} ${problem}`);
    this.name = 'ConfigurationError';
  }
}

/** The variables a process reads: the launcher's defaults, overridden by the non-empty environment. */
export type Environment = Readonly<Record<string, string | undefined>>;

const environments = new WeakMap<object, Environment>();

/**
 * Parses the process-wide settings (store, bus, auth, keys, HTTP); `defaults` are the launcher's own
 * (e.g. the platform's in-process transport). A service's own settings are not here: each service
 * declares them with `defineSettings`, parsed from the same environment (remembered with the config).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaults: Readonly<Record<string, string>> = {}): AppConfig {
  const source: Record<string, string | undefined> = { ...defaults };
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') source[key] = value;
  const config = parseEnvironment(configSchema, source);
  environments.set(config, Object.freeze(source));
  return config;
}

/** The environment a config was loaded from (service settings parse it too). */
export function environmentOf(config: AppConfig): Environment {
  return environments.get(config) ?? process.env;
}

/** Validates variables against a schema; the first problem becomes one line naming the variable. */
export function parseEnvironment<Schema extends z.ZodTypeAny>(schema: Schema, source: Environment): z.infer<Schema> {
  const result = schema.safeParse(source);
  if (result.success) return result.data as z.infer<Schema>;
  const issue = result.error.issues[0];
  const variable = String(issue.path[0] ?? 'environment');
  const problem = issue.code === 'invalid_enum_value' ? `must be one of ${issue.options.join(', ')}` : issue.message;
  throw new ConfigurationError(variable, problem.replace(/^Invalid (url|input)$/, 'is invalid'));
}

/**
 * Where the process keeps its own local files (messaging database, development issuer key): beside
 * a SQLite event store, else ./data; none when the store lives in memory.
 */
export function dataDirectory(config: AppConfig): string | undefined {
  const store = config.EVENT_STORE_URL.startsWith('sqlite:') ? config.EVENT_STORE_URL.slice('sqlite:'.length) : undefined;
  if (store === ':memory:') return undefined;
  return store ? path.dirname(store) : './data';
}

export const APP_CONFIG = Symbol.for('wijkteam.AppConfig');
