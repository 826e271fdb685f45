import { type ConnectionOptions, connect, type NatsConnection } from 'nats';
import { MessagingConfigError } from '../handling/messaging-server';

/**
 * How this service authenticates to NATS and secures the connection: the same for each of its
 * connections (JetStream, request serving, request client). Values, never file names to read later:
 * the launcher reads its secrets once (libs/runtime nats-credentials).
 */
export interface NatsClientOptions {
  /** One kind of credentials: an authenticator (creds file, nkey), user and password, or a token. */
  auth?: Pick<ConnectionOptions, 'authenticator' | 'user' | 'pass' | 'token'>;
  /** TLS (CA, client certificate and key, as contents); `{}` requires TLS with the system CAs. */
  tls?: { ca?: string; cert?: string; key?: string };
  /**
   * What to check when NATS refuses the connection: the settings by name, never their values,
   * e.g. "check NATS_USER and NATS_PASSWORD_FILE".
   */
  whenRefused?: string;
}

/** Reconnect for ever (a NATS restart must not end the service); no async stack traces (two errors per publish otherwise). */
const RECONNECTING = { maxReconnectAttempts: -1, reconnectTimeWait: 500 } as const;

/**
 * The prefix of the reply subjects of a service's requests (request/reply, JetStream API calls, pull
 * consumers): its own, so that NATS permissions let each service read only the replies meant for it
 * (`_INBOX_<service>.>` in infra/nats/accounts.conf), not those of another service's requests.
 */
export const inboxPrefixOf = (service: string): string => `_INBOX_${service}`;

/** What Nest's NATS server and client need besides `servers`: the same credentials and TLS, and the service's own reply subjects. */
export function natsClientConnectionOptions(service: string, client: NatsClientOptions = {}): Partial<ConnectionOptions> {
  return { ...client.auth, ...(client.tls ? { tls: client.tls } : {}), inboxPrefix: inboxPrefixOf(service), ...RECONNECTING };
}

/** NATS said no to the credentials (or to their absence): start-up stops naming the settings, not their values. */
export class NatsAuthorizationRefused extends MessagingConfigError {
  constructor(connection: string, whenRefused = 'check the NATS credentials') {
    super(`NATS refused the connection '${connection}' (authorization violation): ${whenRefused}`);
    this.name = 'NatsAuthorizationRefused';
  }
}

/** Connects one named connection, translating an authorization refusal into NatsAuthorizationRefused. */
export async function connectNats(servers: string | string[], service: string, name: string, client: NatsClientOptions = {}): Promise<NatsConnection> {
  try {
    return await connect({ servers, name, noAsyncTraces: true, ...natsClientConnectionOptions(service, client) });
  } catch (error) {
    if (isAuthorizationError(error)) throw new NatsAuthorizationRefused(name, client.whenRefused);
    throw error;
  }
}

function isAuthorizationError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'AUTHORIZATION_VIOLATION' || code === 'BAD_AUTHENTICATION' || code === 'AUTHENTICATION_EXPIRED' || code === 'AUTHENTICATION_TIMEOUT';
}
