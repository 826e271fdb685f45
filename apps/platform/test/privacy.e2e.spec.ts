import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { erasureStreamOf } from '@wijkteam/privacy';
import { Clock } from '@wijkteam/contracts';
import { EVENT_STORE, type EventStore, SqliteEventStore } from '@wijkteam/event-store';
import { eventually } from '@wijkteam/testing';
import request from 'supertest';
import { referralBody } from './support/referrals';
import { bootPlatform } from './support/service-apps';

/** A clock the test moves: retention is counted in decades. */
class MovableClock extends Clock {
  at = Date.parse('2026-11-23T09:00:00.000Z');
  now(): Date {
    return new Date(this.at);
  }
}

const YEAR = 365.25 * 24 * 60 * 60 * 1000;

/**
 * The client-rights desk end to end in the embedded default (all five services, SQLite files,
 * in-process transport): destruction request → decision → erasure by key destruction, read back
 * after a restart; the retention clock fed by case-planning's closures.
 */
describe('privacy desk (platform)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-e2e-'));
  const clock = new MovableClock();
  let app: INestApplication;
  let store: EventStore;
  let tokens: Record<string, string> = {};
  const as = async (userId: string) => {
    tokens[userId] ??= (await request(app.getHttpServer()).post('/auth/dev/token').send({ userId }).expect(200)).body.access_token;
    return { Authorization: `Bearer ${tokens[userId]}` };
  };
  const server = () => app.getHttpServer();

  async function start(): Promise<void> {
    app = await bootPlatform(dataDir, {}, { override: (builder) => builder.overrideProvider(Clock).useValue(clock) });
    store = app.get(EVENT_STORE);
    tokens = {};
  }

  /** A referral taken in and accepted; resolves once case-planning opened the file. */
  async function acceptedClient(client: { name: string; birthDate: string }) {
    const created = await request(server()).post('/referrals').set(await as('front-office-1')).send(referralBody({}, client)).expect(201);
    const accepted = await request(server()).post(`/referrals/${created.body.referralId}/acceptance`).set(await as('coach-noord-1')).expect(200);
    const ids = { clientId: created.body.clientId as string, referralId: created.body.referralId as string, caseFileId: accepted.body.caseFileId as string };
    await eventually(async () => {
      await request(server()).get(`/case-files/${ids.caseFileId}`).set(await as('coach-noord-1')).expect(200);
    });
    return ids;
  }

  beforeAll(start);

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('destruction request (Jeugdwet 7.3.9) → granted → erasure; erased after a restart, others untouched', async () => {
    const erased = { name: 'Sanne Wissing', birthDate: '2011-06-15' };
    const kept = { name: 'Daan Blijvers', birthDate: '2012-01-20' };
    const a = await acceptedClient(erased);
    const b = await acceptedClient(kept);

    // The youth under 12 is not entitled; the field is named, nothing appended.
    const head = await store.headPosition();
    const young = await request(server()).post('/privacy/destruction-requests').set(await as('privacy-officer-1')).send({ clientId: a.clientId, requester: 'youth', youthAge: 11 }).expect(422);
    expect(young.body).toMatchObject({ code: 'requester_not_entitled', field: 'requester' });
    const bad = await request(server()).post('/privacy/destruction-requests').set(await as('privacy-officer-1')).send({ clientId: a.clientId, requester: 'neighbour', youthAge: 14 }).expect(422);
    expect(bad.body.field).toBe('requester');
    expect(await store.headPosition()).toBe(head);

    const received = await request(server()).post('/privacy/destruction-requests').set(await as('privacy-officer-1')).send({ clientId: a.clientId, requester: 'youth', youthAge: 14 }).expect(201);
    expect(received.body).toMatchObject({ clientId: a.clientId, status: 'received', receivedAt: '2026-11-23T09:00:00.000Z', decideBy: '2027-02-23T09:00:00.000Z' });
    const { requestId } = received.body;

    // Not yet granted: no erasure on its strength. Coaches cannot erase at all.
    const early = await request(server()).post('/privacy/erasures').set(await as('privacy-officer-1')).send({ clientId: a.clientId, legalBasis: 'jeugdwet_art7_3_9_destruction_request', requestId }).expect(422);
    expect(early.body).toMatchObject({ code: 'destruction_request_not_granted', field: 'requestId' });
    await request(server()).post('/privacy/erasures').set(await as('coach-noord-1')).send({ clientId: a.clientId, legalBasis: 'jeugdwet_art7_3_9_destruction_request', requestId }).expect(403);
    const refusalWithoutReason = await request(server()).post(`/privacy/destruction-requests/${requestId}/decision`).set(await as('privacy-officer-1')).send({ decision: 'refused' }).expect(422);
    expect(refusalWithoutReason.body.field).toBe('reason');

    clock.at += 30 * 24 * 60 * 60 * 1000;
    const granted = await request(server()).post(`/privacy/destruction-requests/${requestId}/decision`).set(await as('privacy-officer-1')).send({ decision: 'granted' }).expect(200);
    expect(granted.body.status).toBe('granted');
    await request(server()).post(`/privacy/destruction-requests/${requestId}/decision`).set(await as('privacy-officer-1')).send({ decision: 'granted' }).expect(409);
    // A granted request of one client is no ground to erase another.
    const wrongClient = await request(server()).post('/privacy/erasures').set(await as('privacy-officer-1')).send({ clientId: b.clientId, legalBasis: 'jeugdwet_art7_3_9_destruction_request', requestId }).expect(422);
    expect(wrongClient.body.code).toBe('destruction_request_not_granted');

    const erasure = await request(server()).post('/privacy/erasures').set(await as('privacy-officer-1')).send({ clientId: a.clientId, legalBasis: 'jeugdwet_art7_3_9_destruction_request', requestId }).expect(201);
    expect(erasure.body).toMatchObject({ subjectId: a.clientId, legalBasis: 'jeugdwet_art7_3_9_destruction_request', requestId, decidedBy: { userId: 'privacy-officer-1', role: 'privacy-officer' } });
    const twice = await request(server()).post('/privacy/erasures').set(await as('privacy-officer-1')).send({ clientId: a.clientId, legalBasis: 'jeugdwet_art7_3_9_destruction_request', requestId }).expect(409);
    expect(twice.body.code).toBe('subject_already_erased');

    // Restart on the same files: every read is rebuilt from the store through the codec.
    await app.close();
    await start();
    const gone = await request(server()).get(`/referrals/${a.referralId}`).set(await as('coach-noord-1')).expect(200);
    expect(gone.body.client).toEqual({ $erased: true });
    expect(JSON.stringify(gone.body)).not.toContain(erased.name);
    expect(gone.body).toMatchObject({ status: 'accepted', route: 'jgz' }); // the facts stay
    const other = await request(server()).get(`/referrals/${b.referralId}`).set(await as('coach-noord-1')).expect(200);
    expect(other.body.client).toEqual({ ...kept, bsn: null });
    const record = await request(server()).get(`/privacy/erasures/${a.clientId}`).set(await as('auditor-1')).expect(200);
    expect(record.body).toMatchObject({ legalBasis: 'jeugdwet_art7_3_9_destruction_request', requestId });
    await request(server()).get(`/privacy/erasures/${b.clientId}`).set(await as('auditor-1')).expect(404);

    // A replay of the whole store (what any read model rebuild does) finds no plaintext of the erased client.
    const replayed: string[] = [];
    for await (const event of store.readAll()) replayed.push(JSON.stringify(event.data));
    expect(replayed.join('\n')).not.toContain(erased.name);
    expect(replayed.join('\n')).not.toContain(erased.birthDate);
    expect(replayed.join('\n')).toContain(kept.name);
    // The erasure record (published to partners) holds ids, codes and who decided; nothing personal.
    const raw = SqliteEventStore.open(path.join(dataDir, 'events.db'));
    try {
      const records = [];
      for await (const event of raw.readStream(erasureStreamOf('consent')(a.clientId))) records.push(event);
      expect(records.map((event) => event.type)).toEqual(['SubjectKeyDestroyed']);
      expect(Object.keys(records[0].data).sort()).toEqual(['decidedBy', 'destroyedAt', 'legalBasis', 'requestId', 'subjectId']);
      expect(records[0].metadata.pii).toBeUndefined();
    } finally {
      await raw.close();
    }
  });

  it('retention clock: closure starts it, reopening stops it, due after RETENTION_YEARS; erasure on that ground', async () => {
    const closedClient = await acceptedClient({ name: 'Noor Afgesloten', birthDate: '2010-03-03' });
    const reopenedClient = await acceptedClient({ name: 'Milan Heropend', birthDate: '2010-04-04' });
    const openClient = await acceptedClient({ name: 'Lotte Lopend', birthDate: '2010-05-05' });

    const badReason = await request(server()).post(`/case-files/${closedClient.caseFileId}/closure`).set(await as('coach-noord-1')).send({ reason: 'bored' }).expect(422);
    expect(badReason.body.field).toBe('reason');
    const closed = await request(server()).post(`/case-files/${closedClient.caseFileId}/closure`).set(await as('coach-noord-1')).send({ reason: 'goals_reached_closed', informed: ['jgz', 'huisarts'] }).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', closure: { reason: 'goals_reached_closed' } });
    await request(server()).post(`/case-files/${reopenedClient.caseFileId}/closure`).set(await as('coach-noord-1')).send({ reason: 'goals_reached_waakvlam', waakvlam: { reviewOn: '2027-03-01' } }).expect(200);
    clock.at += 24 * 60 * 60 * 1000;
    await request(server()).post(`/case-files/${reopenedClient.caseFileId}/reopening`).set(await as('coach-noord-1')).send({ reason: 'waakvlam_signal' }).expect(200);

    // Not due yet, so not erasable on this ground.
    const notYet = await request(server()).post('/privacy/erasures').set(await as('privacy-officer-1')).send({ clientId: closedClient.clientId, legalBasis: 'retention_expired' }).expect(422);
    expect(notYet.body).toMatchObject({ code: 'retention_not_expired', field: 'legalBasis' });
    expect((await request(server()).get('/privacy/retention/due').set(await as('privacy-officer-1')).expect(200)).body.due).toEqual([]);

    clock.at += 20 * YEAR + 2 * 24 * 60 * 60 * 1000;
    await eventually(async () => {
      const due = await request(server()).get('/privacy/retention/due').set(await as('privacy-officer-1')).expect(200);
      expect(due.body.due).toEqual([expect.objectContaining({ clientId: closedClient.clientId, caseFileIds: [closedClient.caseFileId] })]);
    });
    const listed = (await request(server()).get('/privacy/retention/due').set(await as('auditor-1')).expect(200)).body.due;
    expect(listed.map((entry: { clientId: string }) => entry.clientId)).not.toEqual(expect.arrayContaining([reopenedClient.clientId, openClient.clientId]));
    await request(server()).get('/privacy/retention/due').set(await as('coach-noord-1')).expect(403);

    await request(server()).post('/privacy/erasures').set(await as('privacy-officer-1')).send({ clientId: closedClient.clientId, legalBasis: 'retention_expired' }).expect(201);
    await eventually(async () => {
      const due = await request(server()).get('/privacy/retention/due').set(await as('privacy-officer-1')).expect(200);
      expect(due.body.due).toEqual([]);
    });
    const file = await request(server()).get(`/referrals/${closedClient.referralId}`).set(await as('coach-noord-1')).expect(200);
    expect(file.body.client).toEqual({ $erased: true });
  });
});
