import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { ConfigurationError, loadConfig } from './config';
import { openSubjectKeys, type SubjectKeys } from './subject-keys';

/**
 * Two replicas of a service sharing one key store (here one SQLite file, in production PostgreSQL):
 * a key destroyed through one is no longer used by the other once SUBJECT_KEY_CACHE_SECONDS have
 * passed, and not before it is looked up again.
 */
describe('the key cache bound between replicas (SUBJECT_KEY_CACHE_SECONDS)', () => {
  let dir: string;
  const opened: SubjectKeys[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'key-cache-'));
  });
  afterEach(async () => {
    for (const keys of opened.splice(0)) await keys.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}) => ({
    NODE_ENV: 'test',
    AUTH_MODE: 'development',
    SUBJECT_KEY_STORE_URL: `sqlite:${join(dir, 'subject-keys.db')}`,
    SUBJECT_KEY_MASTER_KEY: masterKey,
    ...extra,
  });
  const masterKey = randomBytes(32).toString('base64');
  const replica = async (seconds: string) => {
    const keys = await openSubjectKeys(loadConfig(env({ SUBJECT_KEY_CACHE_SECONDS: seconds })));
    opened.push(keys);
    return keys;
  };

  it('defaults to 60 seconds and refuses values outside 1-3600, naming the variable', () => {
    expect(loadConfig(env()).SUBJECT_KEY_CACHE_SECONDS).toBe(60);
    for (const value of ['0', '3601', 'soon']) expect(() => loadConfig(env({ SUBJECT_KEY_CACHE_SECONDS: value }))).toThrow(expect.objectContaining({ variable: 'SUBJECT_KEY_CACHE_SECONDS' }) as ConfigurationError);
  });

  it('a replica stops using a key destroyed through another one within the configured bound', async () => {
    const a = await replica('1');
    const b = await replica('1');
    const clientId = uuidv7();
    const key = await a.ring.keyForSubject(clientId);
    expect(await b.ring.keyById(key.keyId)).toMatchObject({ keyId: key.keyId, subjectId: clientId });

    await a.ring.destroySubject(clientId, new Date());
    expect(await a.ring.keyById(key.keyId)).toBe('destroyed'); // the erasing replica: at once
    expect(await b.ring.keyById(key.keyId)).not.toBe('destroyed'); // the other: still cached

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await b.ring.keyById(key.keyId)).toBe('destroyed');
  });
});
