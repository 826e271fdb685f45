import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import type * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Clock } from '@wijkteam/contracts';
import type { EventStore } from '@wijkteam/event-store';
import { CareHistory, IntakeModule } from '@wijkteam/intake';
import { RAW_EVENT_STORE, REPLAYED_HEADER } from '@wijkteam/runtime';
import { collect, eventually, queryPostgres, TEST_POSTGRES_URL, whyPostgresUnreachable } from '@wijkteam/testing';
import request from 'supertest';
import { referralBody } from './support/referrals';
import { bootPlatform, bootTestApp, devAuthorization } from './support/service-apps';

const HOUR = 3_600_000;

/** How many events of a type the store holds (as stored: types and ids are not sealed). */
const countOf = async (store: EventStore, type: string) => (await collect(store.readAll())).filter((event) => event.type === type).length;

/**
 * Issue 17, retries are safe: a command sent again with its Idempotency-Key (a client that timed out
 * and retries) answers the first answer again and appends nothing; the key is refused for another
 * request, while the first still runs, or when malformed; it expires after IDEMPOTENCY_KEY_TTL_HOURS.
 */
describe('Idempotency-Key on commands (embedded platform)', () => {
  let app: INestApplication;
  let store: EventStore;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  let now = new Date('2026-12-03T09:00:00.000Z');
  const clock: Clock = { now: () => now };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-idempotency-'));
  const server = () => app.getHttpServer();
  const received = () => countOf(store, 'ReferralReceived');
  const refer = async (key: string, body = referralBody(), by = 'front-office-1') => request(server()).post('/referrals').set(await as(by)).set('Idempotency-Key', key).send(body);

  beforeAll(async () => {
    app = await bootPlatform(dataDir, {}, { override: (builder) => builder.overrideProvider(Clock).useValue(clock) });
    store = app.get(RAW_EVENT_STORE);
    as = devAuthorization(app);
  });

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a retried referral with the first answer, and receives it once', async () => {
    const key = randomUUID();
    const before = await received();
    const first = await refer(key);
    expect(first.status).toBe(201);
    expect(first.headers[REPLAYED_HEADER.toLowerCase()]).toBeUndefined();
    const retry = await refer(key);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(retry.headers[REPLAYED_HEADER.toLowerCase()]).toBe('true');
    expect(await received()).toBe(before + 1);
  });

  it('refuses the key for another body or another route (422), and appends nothing', async () => {
    const key = randomUUID();
    const first = await refer(key);
    expect(first.status).toBe(201);
    const before = (await collect(store.readAll())).length;
    const otherBody = await refer(key, referralBody({ etmIndication: 4 }));
    expect(otherBody.status).toBe(422);
    expect(otherBody.body).toMatchObject({ code: 'idempotency_key_reused', field: 'Idempotency-Key' });
    expect(otherBody.text).not.toContain(key);
    const otherRoute = await request(server()).post(`/referrals/${first.body.referralId}/doubt`).set(await as('front-office-1')).set('Idempotency-Key', key).send({ reason: 'unclear_request' });
    expect(otherRoute.status).toBe(422);
    expect(otherRoute.body.code).toBe('idempotency_key_reused');
    expect((await collect(store.readAll())).length).toBe(before);
    expect((await refer(key)).body).toEqual(first.body);
  });

  it("keeps one user's keys apart from another's", async () => {
    const key = randomUUID();
    const before = await received();
    const first = await refer(key);
    const coordinators = await refer(key, referralBody(), 'coordinator-1');
    expect(coordinators.status).toBe(201);
    expect(coordinators.body.referralId).not.toBe(first.body.referralId);
    expect(await received()).toBe(before + 2);
  });

  /** The next referral's care-history check waits inside the command until `proceed`: a request held while it runs. */
  const holdCareHistoryCheck = () => {
    const careHistory = app.select(IntakeModule).get(CareHistory);
    const check = careHistory.check.bind(careHistory);
    let entered!: () => void;
    let proceed!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (proceed = resolve));
    const spy = jest.spyOn(careHistory, 'check').mockImplementationOnce(async (persons) => {
      entered();
      await gate;
      return check(persons);
    });
    return { inside, proceed, spy };
  };

  it('refuses the key with 409 while its first request runs, then replays that one', async () => {
    const key = randomUUID();
    const before = await received();
    const { inside, proceed, spy } = holdCareHistoryCheck();
    try {
      const first = refer(key).then((response) => response);
      await inside;
      const meanwhile = await refer(key);
      expect(meanwhile.status).toBe(409);
      expect(meanwhile.body).toMatchObject({ code: 'idempotency_request_in_progress', field: 'Idempotency-Key' });
      expect(meanwhile.headers['retry-after']).toBe('1');
      proceed();
      const answered = await first;
      expect(answered.status).toBe(201);
      const retry = await refer(key);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(answered.body);
    } finally {
      spy.mockRestore();
    }
    expect(await received()).toBe(before + 1);
  });

  it('keeps the answer of a request whose client went away, and gives it to the retry', async () => {
    const key = randomUUID();
    const before = await received();
    const { inside, proceed, spy } = holdCareHistoryCheck();
    try {
      const authorization = await as('front-office-1');
      // The server's side of the request, to see it closed before the command goes on.
      const closed = new Promise<void>((resolve) => (server() as http.Server).prependOnceListener('request', (_request, response: http.ServerResponse) => response.once('close', resolve)));
      const timedOut = request(server()).post('/referrals').set(authorization).set('Idempotency-Key', key).send(referralBody());
      timedOut.end(() => undefined);
      await inside;
      timedOut.abort();
      await closed;
      proceed();
      let retry: request.Response | undefined;
      await eventually(async () => {
        retry = await refer(key);
        expect(retry.status).toBe(201);
      });
      expect(retry?.headers[REPLAYED_HEADER.toLowerCase()]).toBe('true');
    } finally {
      spy.mockRestore();
    }
    expect(await received()).toBe(before + 1);
  });

  it('lets one of many simultaneous requests with one key run: the others get 409 or its answer', async () => {
    const key = randomUUID();
    const before = await received();
    const answers = await Promise.all(Array.from({ length: 8 }, () => refer(key)));
    expect(answers.map((answer) => answer.status).every((status) => status === 201 || status === 409)).toBe(true);
    const created = answers.filter((answer) => answer.status === 201);
    expect(created.filter((answer) => answer.headers[REPLAYED_HEADER.toLowerCase()] === undefined)).toHaveLength(1);
    expect(new Set(created.map((answer) => answer.body.referralId)).size).toBe(1);
    expect(await received()).toBe(before + 1);
  });

  it('replays a decision with its ETag, where a second decision would be refused', async () => {
    const { body: referral } = await refer(randomUUID());
    const key = randomUUID();
    const accept = async () => request(server()).post(`/referrals/${referral.referralId}/acceptance`).set(await as('coach-noord-1')).set('Idempotency-Key', key);
    const first = await accept();
    expect(first.status).toBe(200);
    const retry = await accept();
    expect(retry.status).toBe(200);
    expect(retry.body.caseFileId).toBe(first.body.caseFileId);
    expect(retry.headers.etag).toBe(first.headers.etag);
    const accepted = (await collect(store.readAll())).filter((event) => event.type === 'ReferralAccepted' && (event.data as { referralId?: string }).referralId === referral.referralId);
    expect(accepted).toHaveLength(1);
    // Without the key the same decision is a second one, and refused as such.
    expect((await request(server()).post(`/referrals/${referral.referralId}/acceptance`).set(await as('coach-noord-1'))).status).toBe(409);
  });

  it('refuses a malformed key with 400 naming the header, and appends nothing', async () => {
    const before = (await collect(store.readAll())).length;
    for (const key of ['short', 'x'.repeat(65), 'met spaties erin, en komma']) {
      const answer = await refer(key);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'invalid_idempotency_key', field: 'Idempotency-Key' });
      expect(answer.text).not.toContain(key);
    }
    const token = await request(server()).post('/auth/dev/token').set('Idempotency-Key', randomUUID()).send({ userId: 'coach-noord-1' });
    expect(token.status).toBe(400);
    expect(token.body.code).toBe('idempotency_key_not_supported');
    expect((await collect(store.readAll())).length).toBe(before);
  });

  it('keeps no refused request: the same key then runs the corrected command', async () => {
    const key = randomUUID();
    const before = await received();
    const refused = await refer(key, referralBody({ channel: 'pigeon' }));
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('invalid_input');
    const corrected = await refer(key);
    expect(corrected.status).toBe(201);
    expect(corrected.headers[REPLAYED_HEADER.toLowerCase()]).toBeUndefined();
    expect(await received()).toBe(before + 1);
  });

  it('treats a key as new once it expired (24 h by default)', async () => {
    const key = randomUUID();
    const before = await received();
    const first = await refer(key);
    now = new Date(now.getTime() + 24 * HOUR - 1);
    expect((await refer(key)).headers[REPLAYED_HEADER.toLowerCase()]).toBe('true');
    now = new Date(now.getTime() + 1);
    const later = await refer(key);
    expect(later.status).toBe(201);
    expect(later.headers[REPLAYED_HEADER.toLowerCase()]).toBeUndefined();
    expect(later.body.referralId).not.toBe(first.body.referralId);
    expect(await received()).toBe(before + 2);
  });

  it('describes the header on every authenticated command of the OpenAPI document', async () => {
    const document = (await request(server()).get('/api/docs-json').expect(200)).body as OpenAPIObject;
    const commands = Object.entries(document.paths).flatMap(([route, item]) =>
      (['post', 'put', 'patch', 'delete'] as const).flatMap((method) => (item[method] ? [{ route: `${method} ${route}`, operation: item[method] }] : [])),
    );
    expect(commands.length).toBeGreaterThan(50);
    const described = (operation: (typeof commands)[number]['operation']) => (operation.parameters ?? []).some((parameter) => 'name' in parameter && parameter.name === 'Idempotency-Key');
    const authenticated = commands.filter(({ operation }) => operation.security?.length !== 0);
    expect(authenticated.filter(({ operation }) => !described(operation)).map(({ route }) => route)).toEqual([]);
    expect(commands.filter(({ operation }) => operation.security?.length === 0).map(({ route }) => route)).toEqual(['post /auth/dev/token']);
    expect(document.paths['/referrals'].post?.responses['409']).toBeDefined();
    expect(document.paths['/referrals'].post?.responses['422']).toMatchObject({ description: expect.stringContaining('idempotency_key_reused') });
  });
});

const unreachable = whyPostgresUnreachable();
if (unreachable) console.log(`idempotency across replicas skipped: no PostgreSQL at KEY_STORE_TEST_POSTGRES_URL or its default (${unreachable})`);

/** Two replicas of intake on one store and one PostgreSQL (DATABASE_URL): a retry may reach the other one. */
(unreachable ? describe.skip : describe)('Idempotency-Key across two replicas of intake on PostgreSQL', () => {
  const schema = `idempotency_e2e_${randomBytes(6).toString('hex')}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'idempotency-replicas-'));
  const replicas: INestApplication[] = [];

  beforeAll(async () => {
    await queryPostgres(`CREATE SCHEMA ${schema}`);
    for (const name of ['a', 'b'])
      replicas.push(
        await bootTestApp({
          service: 'intake',
          features: [IntakeModule],
          dir: path.join(dataDir, name),
          eventStoreFile: path.join(dataDir, 'events.db'),
          settings: { TRANSPORT: 'in-process', DATABASE_URL: `${TEST_POSTGRES_URL}?options=-c%20search_path%3D${schema}` },
        }),
      );
  }, 60_000);

  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    await queryPostgres(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the retry at the other replica with the first answer, and receives the referral once', async () => {
    const [a, b] = replicas;
    const key = randomUUID();
    const send = async (replica: INestApplication) =>
      request(replica.getHttpServer()).post('/referrals').set(await devAuthorization(replica)('front-office-1')).set('Idempotency-Key', key).send(referralBody());
    const first = await send(a);
    expect(first.status).toBe(201);
    const retry = await send(b);
    expect(retry.status).toBe(201);
    expect(retry.headers[REPLAYED_HEADER.toLowerCase()]).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await countOf(a.get(RAW_EVENT_STORE), 'ReferralReceived')).toBe(1);
    expect(await queryPostgres(`SELECT state FROM ${schema}.http_idempotency_keys`)).toEqual([{ state: 'completed' }]);
  });
});
