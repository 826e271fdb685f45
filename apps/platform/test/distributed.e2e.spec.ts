import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication, Type } from '@nestjs/common';
import { DEVELOPMENT_ISSUER, DevelopmentIssuer } from '@wijkteam/auth';
import { erasureStreamOf } from '@wijkteam/privacy';
import { CasePlanningModule } from '@wijkteam/case-planning';
import { ConsentModule } from '@wijkteam/consent';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { ServiceClients } from '@wijkteam/messaging';
import { IntakeModule, nextConferenceDate } from '@wijkteam/intake';
import { eventually, findPersonalData, NatsServer } from '@wijkteam/testing';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { connect, type NatsConnection, type Subscription } from 'nats';
import request from 'supertest';
import { referralBody } from './support/referrals';
import { bootTestApp } from './support/service-apps';

/**
 * Services as separately deployed: each its own process state, own SQLite store, own dev issuer
 * over one shared signing key (as they would share one identity provider: each accepts the user
 * tokens the others hand on in their requests); the only path between them is NATS JetStream (a
 * private nats-server for this file).
 */
describe('services over the real bus (JetStream)', () => {
  let nats: NatsServer;
  let tap: NatsConnection;
  let tapSubscription: Subscription;
  const seen: { subject: string; headers: Record<string, string>; payload: string }[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'distributed-e2e-'));
  const apps: INestApplication[] = [];
  let intake: INestApplication;
  let casePlanning: INestApplication;
  let consent: INestApplication;

  async function startService(service: string, feature: Type): Promise<INestApplication> {
    const app = await bootTestApp({ service, features: [feature], dir: path.join(dataDir, service), settings: { TRANSPORT: 'jetstream', NATS_URL: nats.url, AUTH_DEVELOPMENT_KEY_FILE: path.join(dataDir, 'dev-issuer-key.json') } });
    apps.push(app);
    return app;
  }

  const tokenFor = async (app: INestApplication, userId: string) =>
    `Bearer ${(await request(app.getHttpServer()).post('/auth/dev/token').send({ userId }).expect(200)).body.access_token}`;

  beforeAll(async () => {
    nats = await NatsServer.start();
    tap = await connect({ servers: nats.url });
    tapSubscription = tap.subscribe('jeugd.>');
    void (async () => {
      for await (const message of tapSubscription) {
        const headers: Record<string, string> = {};
        for (const name of message.headers?.keys() ?? []) headers[name] = message.headers?.get(name) ?? '';
        seen.push({ subject: message.subject, headers, payload: new TextDecoder().decode(message.data) });
      }
    })();
    intake = await startService('intake', IntakeModule);
    casePlanning = await startService('case-planning', CasePlanningModule);
    consent = await startService('consent', ConsentModule);
  }, 60_000);

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await tap?.close();
    await nats?.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('both services are ready: event store, key store and bus', async () => {
    for (const app of [intake, casePlanning]) {
      const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
      expect(ready.body.checks).toEqual({ eventStore: 'up', keyStore: 'up', bus: 'up' });
    }
  });

  it('a referral accepted in intake opens the case file in case-planning, via JetStream', async () => {
    const client = { name: 'Bram Smit', birthDate: '2011-04-15' };
    const intakeToken = await tokenFor(intake, 'coach-noord-1');
    const created = await request(intake.getHttpServer()).post('/referrals').set('Authorization', intakeToken).send(referralBody({ etmIndication: 4 }, client)).expect(201);
    const accepted = await request(intake.getHttpServer()).post(`/referrals/${created.body.referralId}/acceptance`).set('Authorization', intakeToken).expect(200);

    const planningToken = await tokenFor(casePlanning, 'coach-noord-1');
    await eventually(async () => {
      const file = await request(casePlanning.getHttpServer()).get(`/case-files/${accepted.body.caseFileId}`).set('Authorization', planningToken).expect(200);
      expect(file.body).toMatchObject({ status: 'open', referralId: created.body.referralId, clientId: created.body.clientId });
    });

    // What crossed the bus: service and event type in subjects; no personal data, not even its
    // ciphertext: the public ReferralReceived has no client field at all (the gateway leaves it out).
    // The relay publishes after the append: the opening reaches the bus a moment after the file opened.
    await eventually(async () => {
      const subjects = seen.map((message) => message.subject);
      expect(subjects).toEqual(expect.arrayContaining(['jeugd.intake.ReferralReceived', 'jeugd.intake.ReferralAccepted', 'jeugd.case-planning.CaseFileOpened']));
    });
    expect(findPersonalData(JSON.stringify(seen), [client.name, client.birthDate])).toEqual([]);
    const received = JSON.parse(seen.find((message) => message.subject === 'jeugd.intake.ReferralReceived')?.payload ?? '{}') as Record<string, unknown>;
    expect(received).toMatchObject({ referralId: created.body.referralId, clientId: created.body.clientId, route: 'jgz' });
    expect(received).not.toHaveProperty('client');
  });

  it('the front door over JetStream: registered and checked, on the conference agenda, assigned, accepted, opened in case planning', async () => {
    const server = intake.getHttpServer();
    const coordinator = await tokenFor(intake, 'coordinator-1');
    const frontOffice = await tokenFor(intake, 'front-office-1');
    await request(server).put('/teams/wijkteam-noord/members/coach-noord-2').set('Authorization', coordinator).send({ kind: 'jeugdteam', neighbourhood: 'noord-oost', expertise: ['opvoeding', 'school'], capacity: 12 }).expect(201);

    const family = referralBody({ familyMembers: [{ relation: 'parent', person: { name: 'Ouder Deur', birthDate: '1988-08-08' } }], themes: ['school'] }, { name: 'Kind Deur', birthDate: '2013-03-13' });
    const created = await request(server).post('/referrals').set('Authorization', frontOffice).send(family).expect(201);
    const { referralId } = created.body as { referralId: string };
    expect(created.body.careHistory).toEqual([]);

    // The agenda of the coming conference holds it (a referral of a conference day itself goes to the next one).
    const today = new Date().toISOString().slice(0, 10);
    const next = (await request(server).get('/case-conferences/next').set('Authorization', coordinator).expect(200)).body.date as string;
    const tomorrow = new Date(Date.parse(`${today}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
    const conference = next === today ? nextConferenceDate([1, 4], tomorrow) : next;
    await eventually(async () => {
      const agenda = await request(server).get(`/worklists/case-conference?date=${conference}`).set('Authorization', coordinator).expect(200);
      expect(agenda.body.items.map((item: { referralId: string }) => item.referralId)).toContain(referralId);
    });

    // The conference decides: the suggested coach, then acceptance.
    await eventually(async () => {
      const suggested = await request(server).get(`/referrals/${referralId}/coach-suggestions`).set('Authorization', coordinator).expect(200);
      expect(suggested.body.suggestions[0]).toMatchObject({ userId: 'coach-noord-2', matchedExpertise: ['school'] });
    });
    const assigned = await request(server).post(`/referrals/${referralId}/coach-assignment`).set('Authorization', coordinator).send({ coachIds: ['coach-noord-2'], conferenceDate: conference }).expect(200);
    const accepted = await request(server).post(`/referrals/${referralId}/acceptance`).set('Authorization', coordinator).expect(200);

    const planningToken = await tokenFor(casePlanning, 'coach-noord-2');
    await eventually(async () => {
      const file = await request(casePlanning.getHttpServer()).get(`/case-files/${accepted.body.caseFileId}`).set('Authorization', planningToken).expect(200);
      expect(file.body).toMatchObject({ status: 'open', referralId, clientId: created.body.clientId });
    });
    const coach = await tokenFor(intake, 'coach-noord-2');
    await eventually(async () => {
      const mine = await request(server).get('/worklists/my-referrals').set('Authorization', coach).expect(200);
      expect(mine.body.items).toEqual([expect.objectContaining({ referralId, status: 'accepted', firstVisitDue: assigned.body.firstVisitDue, caseFileId: accepted.body.caseFileId })]);
    });
    const coachesAssigned = seen.find((message) => message.subject === 'jeugd.intake.CoachesAssigned');
    expect(JSON.parse(coachesAssigned?.payload ?? '{}')).toMatchObject({ referralId, coachIds: ['coach-noord-2'], decidedBy: 'coordinator-1', firstVisitDue: assigned.body.firstVisitDue });
    expect(findPersonalData(JSON.stringify(seen), ['Kind Deur', 'Ouder Deur', '2013-03-13', '1988-08-08'])).toEqual([]);
  });

  it('consent: grants over HTTP are published, and other services ask consent.decide over NATS', async () => {
    const clientId = crypto.randomUUID();
    const day = 24 * 60 * 60 * 1000;
    const token = await tokenFor(consent, 'coach-noord-1');
    await request(consent.getHttpServer())
      .post('/consent/grants')
      .set('Authorization', token)
      .send({
        clientId, subjectAge: 16, grantors: [{ relation: 'client' }], purpose: 'network_analysis', recipient: { organisation: 'jgz' },
        dataCategories: ['help_request'], period: { from: new Date(Date.now() - day).toISOString(), until: new Date(Date.now() + 30 * day).toISOString() },
        evidence: { documentId: crypto.randomUUID() },
      })
      .expect(201);
    // intake asks the consent service over core NATS request/reply before it would disclose
    const consentClient = intake.get(ServiceClients, { strict: false }).get('consent');
    // A token intake handed out: consent accepts it (one signing key, as one identity provider).
    const intakeToken = (await tokenFor(intake, 'coach-noord-1')).replace('Bearer ', '');
    const ask = { clientId, recipient: { organisation: 'jgz' }, purpose: 'network_analysis', dataCategories: ['help_request'] };
    await expect(consentClient.request('consent.decide', { request: ask, token: intakeToken, correlationId: 'corr-distributed-1' })).resolves.toMatchObject({ outcome: 'permit', clientId });
    await expect(
      consentClient.request('consent.decide', { request: { ...ask, recipient: { organisation: 'school' } }, token: intakeToken, correlationId: 'corr-distributed-2' }),
    ).resolves.toMatchObject({ outcome: 'deny', denialReason: 'recipient_not_covered' });
    // A raw client on the bus naming an actor, or with a token of a key no service trusts, is refused: nothing decided.
    const raw = await connect({ servers: nats.url });
    try {
      const actor = { userId: 'auditor-1', role: 'auditor', organisation: 'gemeente' };
      const forger = await DevelopmentIssuer.create({ issuer: DEVELOPMENT_ISSUER, audience: 'wijkteam' });
      for (const envelope of [{ actor }, { token: await forger.issueDevelopmentToken('auditor-1') }]) {
        const reply = await raw.request('consent.decide', new TextEncoder().encode(JSON.stringify({ pattern: 'consent.decide', id: 'raw-request', data: { request: ask, correlationId: 'corr-distributed-3', ...envelope } })), { timeout: 5000 });
        expect(new TextDecoder().decode(reply.data)).toMatch(/invalid_input|user_invalid_token/);
      }
    } finally {
      await raw.close();
    }
    await eventually(async () => {
      expect(seen.map((m) => m.subject)).toEqual(expect.arrayContaining(['jeugd.consent.ConsentGranted', 'jeugd.consent.DisclosureDecided']));
    });
    await eventually(async () => expect(seen.filter((m) => m.headers['ce-correlationid'] === 'corr-distributed-2')).toHaveLength(1));
    expect(seen.filter((m) => m.headers['ce-correlationid'] === 'corr-distributed-3')).toEqual([]);
  });

  it('an erasure decided in consent reaches intake and case-planning over the bus; each destroys its own key', async () => {
    const client = { name: 'Femke de Wis', birthDate: '2013-09-09' };
    const intakeToken = await tokenFor(intake, 'coach-noord-1');
    const created = await request(intake.getHttpServer()).post('/referrals').set('Authorization', intakeToken).send(referralBody({}, client)).expect(201);
    const { clientId, referralId } = created.body;
    const before = await request(intake.getHttpServer()).get(`/referrals/${referralId}`).set('Authorization', intakeToken).expect(200);
    expect(before.body.client).toEqual({ ...client, bsn: null });

    const officer = await tokenFor(consent, 'privacy-officer-1');
    await request(consent.getHttpServer()).post('/privacy/erasures').set('Authorization', officer).send({ clientId, legalBasis: 'avg_art17_request', requestId: crypto.randomUUID() }).expect(201);

    await eventually(async () => {
      const after = await request(intake.getHttpServer()).get(`/referrals/${referralId}`).set('Authorization', intakeToken).expect(200);
      expect(after.body.client).toEqual({ $erased: true });
      expect(after.body).toMatchObject({ status: 'received', route: 'jgz' });
    });
    // Intake's own record of it, caused by the published one; case-planning did the same.
    for (const [service, app] of [['intake', intake], ['case-planning', casePlanning]] as const) {
      await eventually(async () => {
        const records: { type: string; metadata: { causationId?: string } }[] = [];
        for await (const event of app.get<EventStore>(EVENT_STORE).readStream(erasureStreamOf(service)(clientId))) records.push(event);
        expect(records).toEqual([expect.objectContaining({ type: 'SubjectKeyDestroyed', metadata: expect.objectContaining({ causationId: expect.any(String) }) })]);
      });
    }
    expect(seen.map((m) => m.subject)).toContain('jeugd.consent.SubjectKeyDestroyed');
    expect(findPersonalData(JSON.stringify(seen), [client.name, client.birthDate])).toEqual([]);
  });

  it('every message on the bus is a CloudEvent of the committed AsyncAPI document, its data valid against the schema', () => {
    // The committed document, not the catalogue in memory: this is what partners integrate against.
    const asyncApi = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../docs/asyncapi.json'), 'utf8')) as {
      channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
      components: { messages: Record<string, { 'x-cloudevents-type': string; 'x-cloudevents-dataschema': string }>; schemas: Record<string, Record<string, unknown>> };
    };
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const { CloudEventHeaders: headerSchema, ...payloadSchemas } = asyncApi.components.schemas;
    const validHeaders = ajv.compile(headerSchema);
    for (const schema of Object.values(payloadSchemas)) ajv.addSchema(schema);
    // ce-type -> channel address and schema id, from the document's channels and messages.
    const messages = new Map<string, { address: string; dataschema: string }>();
    for (const channel of Object.values(asyncApi.channels)) {
      for (const { $ref } of Object.values(channel.messages)) {
        const message = asyncApi.components.messages[$ref.split('/').pop() ?? ''];
        messages.set(message['x-cloudevents-type'], { address: channel.address, dataschema: message['x-cloudevents-dataschema'] });
      }
    }
    const published = seen.filter((m) => !m.subject.startsWith('jeugd.dlq.'));
    expect(seen.filter((m) => m.subject.startsWith('jeugd.dlq.')).map((m) => m.subject)).toEqual([]);
    expect(published.length).toBeGreaterThanOrEqual(8);
    for (const message of published) {
      const { headers } = message;
      expect([message.subject, validHeaders(headers) ? 'valid headers' : ajv.errorsText(validHeaders.errors)]).toEqual([message.subject, 'valid headers']);
      expect(headers).toMatchObject({ 'ce-specversion': '1.0', 'content-type': 'application/json', 'Nats-Msg-Id': headers['ce-id'] });
      const documented = messages.get(headers['ce-type']);
      expect([message.subject, documented?.address]).toEqual([message.subject, message.subject]);
      expect(headers['ce-dataschema']).toBe(documented?.dataschema);
      expect(headers['ce-source']).toBe(`/jeugd/${message.subject.split('.')[1]}`);
      const data = JSON.parse(message.payload) as Record<string, unknown>;
      const validate = ajv.getSchema(headers['ce-dataschema']);
      expect([message.subject, validate?.(data) ? 'valid' : ajv.errorsText(validate?.errors)]).toEqual([message.subject, 'valid']);
      // Nothing of the store travels: no stream name, revision or position, no envelope metadata.
      for (const field of ['streamName', 'revision', 'position', 'metadata', 'client']) expect([message.subject, field in data]).toEqual([message.subject, false]);
      // Headers: the CloudEvents attributes and JetStream's own (Nats-Msg-Id, Nats-Expected-Stream = JEUGD).
      expect(Object.keys(headers).filter((name) => !name.startsWith('ce-') && !['content-type', 'Nats-Msg-Id', 'Nats-Expected-Stream'].includes(name))).toEqual([]);
    }
    expect(published.map((m) => m.headers['ce-type'])).toEqual(
      expect.arrayContaining(['nl.wijkteam.jeugd.intake.ReferralReceived.v2', 'nl.wijkteam.jeugd.intake.ReferralAccepted.v2', 'nl.wijkteam.jeugd.case-planning.CaseFileOpened.v2', 'nl.wijkteam.jeugd.consent.ConsentGranted.v1', 'nl.wijkteam.jeugd.consent.DisclosureDecided.v1', 'nl.wijkteam.jeugd.consent.SubjectKeyDestroyed.v1']),
    );
  });

  it('serves the AsyncAPI document at GET /asyncapi.json without a token, the same as the committed one', async () => {
    const served = await request(intake.getHttpServer()).get('/asyncapi.json').expect(200);
    expect(served.body).toEqual(JSON.parse(fs.readFileSync(path.join(__dirname, '../../../docs/asyncapi.json'), 'utf8')));
  });

  it('stays ready while NATS is unreachable, says it is degraded (health, metrics), takes commands, and relays them when NATS is back', async () => {
    await nats.stop();
    let health = await request(intake.getHttpServer()).get('/health');
    for (let attempt = 0; attempt < 100 && health.body.status !== 'degraded'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health = await request(intake.getHttpServer()).get('/health');
    }
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', checks: { eventStore: 'up', keyStore: 'up', bus: 'down' } });
    // Readiness is what commands need: Kubernetes keeps the API in service.
    const ready = await request(intake.getHttpServer()).get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'degraded', checks: { bus: 'down' } });
    const metrics = (await request(intake.getHttpServer()).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/wijkteam_dependency_up\{dependency="bus",gates_readiness="false"\} 0/);
    expect(metrics).toMatch(/wijkteam_dependency_up\{dependency="eventStore",gates_readiness="true"\} 1/);
    // A command while the bus is down: appended now, relayed later.
    const created = await request(intake.getHttpServer()).post('/referrals').set('Authorization', await tokenFor(intake, 'coordinator-1')).send(referralBody()).expect(201);
    await nats.restart();
    await eventually(async () => expect((await request(intake.getHttpServer()).get('/health')).body.status).toBe('ok'), 20_000, 200);
    // In the stream (the tap's core subscription may miss what is relayed while it reconnects).
    const lastReceived = async () => {
      const connection = await connect({ servers: nats.url });
      try {
        const message = await (await connection.jetstreamManager()).streams.getMessage('JEUGD', { last_by_subj: 'jeugd.intake.ReferralReceived' });
        return new TextDecoder().decode(message.data);
      } finally {
        await connection.close();
      }
    };
    await eventually(async () => expect(await lastReceived().catch(() => '')).toContain(created.body.referralId), 60_000, 250);
  }, 120_000);
});
