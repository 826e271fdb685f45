import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigurationError, loadConfig } from './config';
import { natsClientOptions } from './nats-credentials';

const valid = { AUTH_MODE: 'development', NODE_ENV: 'test', TRANSPORT: 'jetstream' };

describe('NATS credentials and TLS settings', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-credentials-'));
  const file = (name: string, contents: string): string => {
    const at = path.join(dir, name);
    fs.writeFileSync(at, contents);
    return at;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function problemWith(env: Record<string, string>): ConfigurationError {
    try {
      loadConfig({ ...valid, ...env });
    } catch (error) {
      if (error instanceof ConfigurationError) return error;
      throw error;
    }
    throw new Error('expected a configuration error');
  }

  it('reads a user and its password file (without the line end), and says which settings to check when refused', () => {
    const options = natsClientOptions(loadConfig({ ...valid, NATS_USER: 'intake', NATS_PASSWORD_FILE: file('password', 's3cret\n') }));
    expect(options).toEqual({ auth: { user: 'intake', pass: 's3cret' }, whenRefused: 'check NATS_USER and NATS_PASSWORD_FILE', tls: undefined });
  });

  it('reads a token file; with no credentials at all the refusal lists the settings', () => {
    expect(natsClientOptions(loadConfig({ ...valid, NATS_TOKEN_FILE: file('token', 'tok\n') })).auth).toEqual({ token: 'tok' });
    expect(natsClientOptions(loadConfig(valid))).toEqual({
      whenRefused: 'no credentials given: set NATS_CREDS_FILE, NATS_NKEY_SEED_FILE, NATS_USER with NATS_PASSWORD_FILE, or NATS_TOKEN_FILE',
      tls: undefined,
    });
  });

  it('turns TLS on for a tls:// URL or a CA, with the client certificate when given', () => {
    expect(natsClientOptions(loadConfig({ ...valid, NATS_URL: 'tls://nats:4222' })).tls).toEqual({});
    const tls = natsClientOptions(loadConfig({ ...valid, NATS_TLS_CA_FILE: file('ca.pem', 'CA'), NATS_TLS_CERT_FILE: file('c.pem', 'CERT'), NATS_TLS_KEY_FILE: file('c.key', 'KEY') })).tls;
    expect(tls).toEqual({ ca: 'CA', cert: 'CERT', key: 'KEY' });
  });

  it.each([
    [{ NATS_PASSWORD_FILE: '/nonexistent/password', NATS_USER: 'intake' }, 'NATS_PASSWORD_FILE', 'must name a readable file'],
    [{ NATS_USER: 'intake' }, 'NATS_PASSWORD_FILE', 'is required with NATS_USER'],
    [{ NATS_PASSWORD_FILE: 'PASSWORD' }, 'NATS_USER', 'is required with NATS_PASSWORD_FILE'],
    [{ NATS_CREDS_FILE: 'PASSWORD', NATS_TOKEN_FILE: 'PASSWORD' }, 'NATS_TOKEN_FILE', 'cannot be combined with NATS_CREDS_FILE: give one kind of NATS credentials'],
    [{ NATS_TLS_CERT_FILE: 'PASSWORD' }, 'NATS_TLS_KEY_FILE', 'is required with a client certificate (NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE go together)'],
  ])('refuses %j naming %s in one line, without the value', (env, variable, problem) => {
    const secret = file('PASSWORD', 'not-to-be-echoed');
    const resolved = Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === 'PASSWORD' ? secret : value]));
    const error = problemWith(resolved);
    expect(error.message).toBe(`Configuration error: ${variable} ${problem}`);
    expect(error.message).not.toContain(dir);
  });
});
