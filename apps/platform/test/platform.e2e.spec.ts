import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EVENT_STORE, type EventStore, SqliteEventStore } from '@wijkteam/event-store';
import { referralStream } from '@wijkteam/intake';
import { ServiceClients } from '@wijkteam/messaging';
import { DemoDataSeeder } from '../src/demo-data';
import { collect, eventually } from '@wijkteam/testing';
import request from 'supertest';
import { referralBody, TEST_CHILD } from './support/referrals';
import { bootPlatform, devAuthorization } from './support/service-apps';

/** The embedded default end to end over HTTP: all five services, SQLite, development issuer, demo data. */
const client = TEST_CHILD;

describe('platform (embedded default)', () => {
  let app: INestApplication;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-e2e-'));
  let store: EventStore;
  let as: (userId: string) => Promise<{ Authorization: string }>;

  beforeAll(async () => {
    app = await bootPlatform(dataDir, { DEMO_DATA: 'true' });
    as = devAuthorization(app);
    store = app.get(EVENT_STORE);
    await app.get(DemoDataSeeder).done;
  });

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is live and ready (event store reachable)', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
    const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(ready.body.checks.eventStore).toBe('up');
  });

  it('serves the OpenAPI document of all services', async () => {
    const response = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/referrals', '/case-files/{caseFileId}', '/safety/{caseFileId}/etm-assessments', '/health/ready']),
    );
  });

  it('created demo families through the command path, as events', async () => {
    const earlier = (await collect(store.readAll())).filter((event) => event.type === 'CareHistoryChecked').map((event) => (event.data as { matches: unknown[] }).matches);
    expect(earlier.filter((matches) => matches.length > 0)).toEqual([[expect.objectContaining({ status: 'declined', matchedOn: 'bsn' })]]);
    const types: Record<string, number> = {};
    for await (const event of store.readAll()) types[event.type] = (types[event.type] ?? 0) + 1;
    expect(types).toMatchObject({
      // Eight families, one of them referred before (declined): its care-history check finds it.
      ReferralReceived: 9,
      CareHistoryChecked: 9,
      ReferralPersonRecorded: 6,
      ReferralAccepted: 4,
      ReferralDeclined: 2,
      ReferralWaitlisted: 2,
      ReferralRemovedFromWaitingList: 1,
      ReferralMarkedForDiscussion: 1,
      ReferralMarkedInDoubt: 1,
      CoachesAssigned: 4,
      TeamMemberRegistered: 3,
      CaseFileOpened: 4,
      CaseCoachesAssigned: 4,
      CaseDirectorAssigned: 4,
      // Three at the demo's assessments, three at the first visits (through the safety service).
      EtmAssessed: 6,
      SafetyPlanRequired: 1,
      FirstVisitHeld: 3,
      // issue 14: plans, an evaluation, and the 17-year-old's warm handover: refused without consent, completed with it.
      PlanDrafted: 2,
      PlanAgreed: 2,
      EvaluationHeld: 1,
      TransitionQuestionRecorded: 1,
      WarmHandoverRefused: 1,
      ConsentGranted: 1,
      WarmHandoverProposed: 1,
      WarmHandoverConversationHeld: 1,
      WarmHandoverCompleted: 1,
      // issue 15: the Veilig Thuis family through the Meldcode to a report (steps 4 and 5 confirmed), and an escalation to the GI.
      MeldcodeTrajectoryStarted: 1,
      MeldcodeStepConfirmed: 2,
      MeldcodeDecisionTaken: 1,
      EscalationRaised: 1,
      EscalationResolved: 1,
    });
    // Case planning follows the accepted escalation on the bus: direction moves to the GI, through its own decider.
    await eventually(async () => {
      const moved = (await collect(store.readAll())).filter((event) => event.type === 'CaseDirectionTransferred');
      expect(moved.map((event) => [event.data.toDirectorId, event.data.reason])).toEqual([['gi-jeugdbescherming-west', 'dwang_drang']]);
    });
  });

  it('refuses a call without a token (401) and with the wrong role (403)', async () => {
    const body = referralBody();
    const missing = await request(app.getHttpServer()).post('/referrals').send(body).expect(401);
    expect(missing.body.message).toBeDefined();
    await request(app.getHttpServer()).post('/referrals').set(await as('auditor-1')).send(body).expect(403);
    // adult-team professionals may not act on youth files (seed 004)
    await request(app.getHttpServer()).post('/referrals').set(await as('volwassenenteam-1')).send(body).expect(403);
  });

  it('names the field at fault and appends nothing on bad input', async () => {
    const before = await store.headPosition();
    const cases: [Record<string, unknown>, string][] = [
      [referralBody({ route: undefined }), 'route'],
      [referralBody({ channel: 'pigeon' }), 'channel'],
      [referralBody({ etmIndication: 9 }), 'etmIndication'],
      [referralBody({ children: [{ clientId: 'not-a-uuid', person: client }] }), 'children.0.clientId'],
      [referralBody({ name: 'Jan' }), 'name'],
      [referralBody({ children: undefined }), 'children'],
      [referralBody({ children: [{ person: { name: 'Jan' } }] }), 'children.0.person.birthDate'],
      [referralBody({ children: [{ person: { name: 'Jan', birthDate: '14-05-2012' } }] }), 'children.0.person.birthDate'],
      [referralBody({ children: [{ person: { name: 'Jan', birthDate: '1990-01-01' } }] }), 'children.0.person.birthDate'],
    ];
    for (const [body, field] of cases) {
      const response = await request(app.getHttpServer()).post('/referrals').set(await as('front-office-1')).send(body);
      expect({ field, status: response.status }).toEqual({ field, status: 422 });
      expect(response.body.field).toBe(field);
      expect(JSON.stringify(response.body)).not.toContain('Jan');
    }
    await request(app.getHttpServer()).get('/referrals/not-a-uuid').set(await as('coach-noord-1')).expect(400);
    expect(await store.headPosition()).toBe(before);
  });

  it('takes a referral from receipt to acceptance with optimistic concurrency', async () => {
    const server = app.getHttpServer();
    const created = await request(server).post('/referrals').set(await as('front-office-1')).send(referralBody({ etmIndication: 4 })).expect(201);
    const { referralId } = created.body;
    // ReferralReceived and CareHistoryChecked: revision 1
    expect(created.headers.etag).toBe('"1"');

    const read = await request(server).get(`/referrals/${referralId}`).set(await as('coach-noord-1')).expect(200);
    expect(read.body).toMatchObject({ status: 'received', route: 'jgz', etmIndication: 4, client });
    // NEN 7513: the read is in the client's access log
    const log = await request(server).get(`/clients/${created.body.clientId}/access-log`).set(await as('auditor-1')).expect(200);
    expect(log.body.items).toEqual([expect.objectContaining({ userId: 'coach-noord-1', part: 'referral', clientId: created.body.clientId })]);

    await request(server).post(`/referrals/${referralId}/acceptance`).set(await as('coach-noord-1')).set('If-Match', '"7"').expect(412);
    const accepted = await request(server).post(`/referrals/${referralId}/acceptance`).set(await as('coach-noord-1')).set('If-Match', '"1"').expect(200);
    expect(accepted.body.status).toBe('accepted');
    // case-planning opens the file on ReferralAccepted, through the in-process transport
    const { caseFileId } = accepted.body;
    await eventually(async () => {
      const file = await request(server).get(`/case-files/${caseFileId}`).set(await as('coach-noord-1'));
      expect(file.status).toBe(200);
      expect(file.body).toMatchObject({ status: 'open', referralId, clientId: created.body.clientId, route: 'jgz' });
    });
    const again = await request(server).post(`/referrals/${referralId}/acceptance`).set(await as('coach-noord-1')).expect(409);
    expect(again.body.code).toBe('referral_already_decided');
    await request(server).get(`/referrals/${crypto.randomUUID()}`).set(await as('coach-noord-1')).expect(404);
  });

  it('records who acted, in the metadata, without personal data', async () => {
    const server = app.getHttpServer();
    const created = await request(server).post('/referrals').set(await as('front-office-1')).set('x-correlation-id', 'corr-12345678').send(referralBody({ channel: 'desk', route: 'self_referral' })).expect(201);
    const [event] = await collect(store.readStream(referralStream(created.body.referralId)));
    expect(event.metadata).toMatchObject({
      actor: { userId: 'front-office-1', role: 'front-office', organisation: expect.any(String) },
      correlationId: 'corr-12345678',
      schemaVersion: 1,
    });
    expect(JSON.stringify(event.metadata)).not.toContain(client.name);
  });

  it('answers consent.decide requests from other services (request/reply), on behalf of the user of the token', async () => {
    const consent = app.get(ServiceClients, { strict: false }).get('consent');
    const clientId = crypto.randomUUID();
    const ask = { clientId, recipient: { organisation: 'jgz', role: 'jeugdarts' }, purpose: 'network_analysis', dataCategories: ['help_request'] };
    const token = (await as('coach-noord-1')).Authorization.replace('Bearer ', '');
    const decision = await consent.request<{ outcome: string; denialReason: string | null }>('consent.decide', { request: ask, token, correlationId: 'corr-request-1' });
    expect(decision).toMatchObject({ outcome: 'deny', denialReason: 'no_consent', clientId });
    await expect(consent.request('consent.decide', { request: { ...ask, purpose: undefined }, token, correlationId: 'corr-request-2' })).rejects.toMatchObject({
      code: 'service_request_failed',
      remoteCode: 'invalid_input',
    });
  });

  it('keeps personal data encrypted at rest and out of the metadata', async () => {
    const created = await request(app.getHttpServer()).post('/referrals').set(await as('front-office-1')).send(referralBody()).expect(201);
    const stream = referralStream(created.body.referralId);
    const [decoded] = await collect(store.readStream(stream));
    expect(decoded.data.client).toEqual({ ...client, bsn: null });
    // The same file read without the codec: the name and birth date are not there, the facts are.
    const raw = SqliteEventStore.open(path.join(dataDir, 'events.db'));
    try {
      const [stored] = await collect(raw.readStream(stream));
      const atRest = JSON.stringify({ data: stored.data, metadata: stored.metadata });
      expect(atRest).not.toContain(client.name);
      expect(atRest).not.toContain(client.birthDate);
      expect(stored.data).toMatchObject({ route: 'jgz', channel: 'phone', clientId: created.body.clientId });
    } finally {
      await raw.close();
    }
  });
});
