import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { queryPostgres, TEST_POSTGRES_URL, whyPostgresUnreachable } from '@wijkteam/testing';
import { canonicalJson, type Claim, HttpIdempotencyKeys, IDEMPOTENCY_KEY, IdempotencyKeys, IN_PROGRESS_LEASE_MS, type KeyedRequest, type StoredResponse } from './idempotency-keys';

const HOUR = 3_600_000;
const T0 = new Date('2026-12-03T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

const referral = (overrides: Partial<KeyedRequest> = {}): KeyedRequest => ({
  key: randomUUID(),
  userId: 'front-office-1',
  method: 'POST',
  url: '/referrals',
  body: { channel: 'phone', children: [{ person: { name: 'Jan Test', birthDate: '2016-02-29' } }], helpQuestion: 'Ouders vragen hulp.' },
  ...overrides,
});
const answer: StoredResponse = { status: 201, headers: { etag: '"2"' }, body: { referralId: '0193a1b2-0000-7000-8000-000000000001', status: 'received' } };

const attemptOf = (claim: Claim) => {
  if (claim.kind !== 'new') throw new Error(`expected a new key, got ${claim.kind}`);
  return claim.attempt;
};

describe('an Idempotency-Key', () => {
  it.each(['0b6f5e1c-4a8e-4f7e-9d51-3f0c2a7b9e10', 'retry_referral-0001', 'A'.repeat(64)])('may be %s', (key) => expect(IDEMPOTENCY_KEY.test(key)).toBe(true));
  it.each(['', 'short-key', 'A'.repeat(65), 'with space in it ok', 'comma,separated,values', 'ümlaut-ümlaut-ümlaut'])('may not be %j', (key) => expect(IDEMPOTENCY_KEY.test(key)).toBe(false));

  it('identifies a body whatever the order of its keys', () => {
    expect(canonicalJson({ b: [2, { d: 1, c: null }], a: 'x' })).toBe(canonicalJson({ a: 'x', b: [2, { c: null, d: 1 }] }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });
});

const unreachable = whyPostgresUnreachable();
if (unreachable) console.log(`idempotency keys on PostgreSQL skipped: no PostgreSQL at KEY_STORE_TEST_POSTGRES_URL or its default (${unreachable})`);
const schema = `idempotency_test_${randomBytes(6).toString('hex')}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idempotency-keys-'));

const backends: [string, (() => Promise<string>) | null][] = [
  ['SQLite', async () => `sqlite:${path.join(dir, `keys-${randomUUID()}.db`)}`],
  [
    'PostgreSQL',
    unreachable
      ? null
      : async () => {
          await queryPostgres(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
          await queryPostgres(`DROP TABLE IF EXISTS ${schema}.http_idempotency_keys`);
          return `${TEST_POSTGRES_URL}?options=-c%20search_path%3D${schema}`;
        },
  ],
];

afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (!unreachable) await queryPostgres(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
});

describe.each(backends)('idempotency keys on %s', (_backend, urlOf) => {
  const run = urlOf ? it : it.skip;
  let keys: IdempotencyKeys;
  beforeEach(async () => {
    if (urlOf) keys = await IdempotencyKeys.open(await urlOf(), 24 * HOUR);
  });
  afterEach(() => keys?.close());

  run('answers a retry with the first answer once the first request completed', async () => {
    const first = referral();
    await keys.complete(attemptOf(await keys.claim(first, T0)), answer);
    expect(await keys.claim({ ...first, body: JSON.parse(JSON.stringify(first.body)) }, at(HOUR))).toEqual({ kind: 'replay', response: answer });
  });

  run('refuses the key for another body or another route, and keeps the first answer', async () => {
    const first = referral();
    await keys.complete(attemptOf(await keys.claim(first, T0)), answer);
    expect(await keys.claim({ ...first, body: { channel: 'email' } }, T0)).toEqual({ kind: 'reused' });
    expect(await keys.claim({ ...first, url: '/referrals/0193a1b2-0000-7000-8000-000000000001/doubt' }, T0)).toEqual({ kind: 'reused' });
    expect(await keys.claim({ ...first, method: 'PUT' }, T0)).toEqual({ kind: 'reused' });
    expect(await keys.claim(first, T0)).toEqual({ kind: 'replay', response: answer });
  });

  run("keeps one user's key apart from another's", async () => {
    const first = referral();
    await keys.complete(attemptOf(await keys.claim(first, T0)), answer);
    expect((await keys.claim({ ...first, userId: 'coach-noord-1' }, T0)).kind).toBe('new');
  });

  run('refuses the key while its first request runs, and frees it when that one fails', async () => {
    const first = referral();
    const attempt = attemptOf(await keys.claim(first, T0));
    expect(await keys.claim(first, at(1000))).toEqual({ kind: 'in_progress' });
    await keys.release(attempt);
    expect((await keys.claim(first, at(2000))).kind).toBe('new');
  });

  run('lets exactly one of many simultaneous requests with one key run', async () => {
    const first = referral();
    const claims = await Promise.all(Array.from({ length: 12 }, () => keys.claim(first, T0)));
    expect(claims.filter((claim) => claim.kind === 'new')).toHaveLength(1);
    expect(claims.filter((claim) => claim.kind === 'in_progress')).toHaveLength(11);
  });

  run('treats an expired key as new, even for another body', async () => {
    const first = referral();
    await keys.complete(attemptOf(await keys.claim(first, T0)), answer);
    expect((await keys.claim(first, at(24 * HOUR - 1))).kind).toBe('replay');
    const again = attemptOf(await keys.claim({ ...first, body: { channel: 'email' } }, at(24 * HOUR)));
    await keys.complete(again, { ...answer, status: 200 });
    expect(await keys.claim({ ...first, body: { channel: 'email' } }, at(25 * HOUR))).toEqual({ kind: 'replay', response: { ...answer, status: 200 } });
  });

  run('takes over a key whose first request was abandoned (its process stopped) once its lease ended', async () => {
    const first = referral();
    const abandoned = attemptOf(await keys.claim(first, T0));
    expect((await keys.claim(first, at(IN_PROGRESS_LEASE_MS - 1))).kind).toBe('in_progress');
    const taken = attemptOf(await keys.claim(first, at(IN_PROGRESS_LEASE_MS)));
    await keys.complete(abandoned, { ...answer, status: 299 }); // too late: the key is no longer its own
    await keys.complete(taken, answer);
    expect(await keys.claim(first, at(IN_PROGRESS_LEASE_MS + 1))).toEqual({ kind: 'replay', response: answer });
  });

  run('prunes the expired keys only', async () => {
    await keys.complete(attemptOf(await keys.claim(referral(), T0)), answer);
    const later = referral();
    await keys.complete(attemptOf(await keys.claim(later, at(2 * HOUR))), answer);
    expect(await keys.prune(at(25 * HOUR))).toBe(1);
    expect(await keys.db.manager.count(HttpIdempotencyKeys)).toBe(1);
    expect((await keys.claim(later, at(25 * HOUR))).kind).toBe('replay');
  });

  run('stores neither the key, the user, the request nor the answer in the clear', async () => {
    const first = referral({ key: 'bsn-123456782-retry' });
    await keys.complete(attemptOf(await keys.claim(first, T0)), { ...answer, body: { goals: ['Jan Test gaat weer naar school'] } });
    const rows = JSON.stringify(await keys.db.manager.find(HttpIdempotencyKeys));
    for (const clear of ['123456782', 'front-office-1', '/referrals', 'Jan Test', 'phone', 'school', 'etag']) expect(rows).not.toContain(clear);
  });
});
