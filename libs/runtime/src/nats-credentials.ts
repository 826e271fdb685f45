import * as fs from 'node:fs';
import type { NatsClientOptions } from '@wijkteam/messaging';
import { credsAuthenticator, nkeyAuthenticator } from 'nats';
import type { AppConfig } from './config';

/** A mounted secret's contents, without the line end an editor or `echo` leaves. */
const secret = (file: string): string => fs.readFileSync(file, 'utf8').trim();

/**
 * The service's NATS credentials and TLS from the settings (validated at start-up: at most one kind
 * of credentials, every file readable). Read once here; the values go to the connections and
 * nowhere else. `whenRefused` names the settings for the line that says NATS refused them.
 */
export function natsClientOptions(config: AppConfig): NatsClientOptions {
  return { ...natsAuth(config), tls: natsTls(config) };
}

function natsAuth(config: AppConfig): Pick<NatsClientOptions, 'auth' | 'whenRefused'> {
  if (config.NATS_CREDS_FILE) return { auth: { authenticator: credsAuthenticator(fs.readFileSync(config.NATS_CREDS_FILE)) }, whenRefused: 'check NATS_CREDS_FILE' };
  if (config.NATS_NKEY_SEED_FILE)
    return { auth: { authenticator: nkeyAuthenticator(new TextEncoder().encode(secret(config.NATS_NKEY_SEED_FILE))) }, whenRefused: 'check NATS_NKEY_SEED_FILE' };
  if (config.NATS_USER && config.NATS_PASSWORD_FILE)
    return { auth: { user: config.NATS_USER, pass: secret(config.NATS_PASSWORD_FILE) }, whenRefused: 'check NATS_USER and NATS_PASSWORD_FILE' };
  if (config.NATS_TOKEN_FILE) return { auth: { token: secret(config.NATS_TOKEN_FILE) }, whenRefused: 'check NATS_TOKEN_FILE' };
  return { whenRefused: 'no credentials given: set NATS_CREDS_FILE, NATS_NKEY_SEED_FILE, NATS_USER with NATS_PASSWORD_FILE, or NATS_TOKEN_FILE' };
}

/** TLS with a tls:// URL or any TLS file; a CA replaces the system's trust store (a private CA). */
function natsTls(config: AppConfig): NatsClientOptions['tls'] {
  const { NATS_TLS_CA_FILE: ca, NATS_TLS_CERT_FILE: cert, NATS_TLS_KEY_FILE: key } = config;
  if (!config.NATS_URL.startsWith('tls://') && !ca && !cert) return undefined;
  return {
    ...(ca ? { ca: fs.readFileSync(ca, 'utf8') } : {}),
    ...(cert && key ? { cert: fs.readFileSync(cert, 'utf8'), key: fs.readFileSync(key, 'utf8') } : {}),
  };
}
