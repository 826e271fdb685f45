import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { erasureStreamOf, findPersonalData } from '@wijkteam/audit';
import { CasePlanningModule } from '@wijkteam/case-planning';
import { ConsentModule } from '@wijkteam/consent';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { ServiceClients } from '@wijkteam/messaging';
import { IntakeModule } from '@wijkteam/intake';
import { configureHttp, loadConfig, ServiceAppModule, startTransports } from '@wijkteam/runtime';
import { eventually, NatsServer } from '@wijkteam/testing';
import { connect, type NatsConnection, type Subscription } from 'nats';
import request from 'supertest';

/**
 * Two services as separately deployed: each its own process state, own SQLite store, own dev
 * issuer; the only path between them is NATS JetStream (a private nats-server for this file).
 */
describe('services over the real bus (JetStream)', () => {
  let nats: NatsServer;
  let tap: NatsConnection;
  let tapSubscription: Subscription;
  const seen: { subject: string; payload: string }[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'distributed-e2e-'));
  const apps: INestApplication[] = [];
  let intake: INestApplication;
  let casePlanning: INestApplication;
  let consent: INestApplication;

  async function startService(service: string, feature: Type): Promise<INestApplication> {
    const dir = path.join(dataDir, service);
    const config = loadConfig(
      { AUTH_MODE: 'development', LOG_LEVEL: 'silent', NODE_ENV: 'test' },
      {
        TRANSPORT: 'jetstream',
        NATS_URL: nats.url,
        EVENT_STORE_URL: `sqlite:${path.join(dir, 'events.db')}`,
        SUBJECT_KEY_STORE_URL: `sqlite:${path.join(dir, 'keys.db')}`,
        MESSAGING_DB_PATH: path.join(dir, 'messaging.db'),
      },
    );
    const moduleRef = await Test.createTestingModule({ imports: [ServiceAppModule.forRoot(config, service, [feature])] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    configureHttp(app, config, service);
    await startTransports(app);
    await app.init();
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
      for await (const message of tapSubscription) seen.push({ subject: message.subject, payload: new TextDecoder().decode(message.data) });
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
    const created = await request(intake.getHttpServer()).post('/referrals').set('Authorization', intakeToken).send({ client, channel: 'phone', route: 'jgz', etmIndication: 4 }).expect(201);
    const accepted = await request(intake.getHttpServer()).post(`/referrals/${created.body.referralId}/acceptance`).set('Authorization', intakeToken).expect(200);

    const planningToken = await tokenFor(casePlanning, 'coach-noord-1');
    await eventually(async () => {
      const file = await request(casePlanning.getHttpServer()).get(`/case-files/${accepted.body.caseFileId}`).set('Authorization', planningToken).expect(200);
      expect(file.body).toMatchObject({ status: 'open', referralId: created.body.referralId, clientId: created.body.clientId });
    });

    // What crossed the bus: service and event type in subjects; no personal data, not even its
    // ciphertext: a referral says which fields were sealed (metadata.pii.paths), never what they hold.
    const subjects = seen.map((message) => message.subject);
    expect(subjects).toEqual(expect.arrayContaining(['jeugd.intake.ReferralReceived', 'jeugd.intake.ReferralAccepted', 'jeugd.case-planning.CaseFileOpened']));
    expect(findPersonalData(JSON.stringify(seen), [client.name, client.birthDate])).toEqual([]);
    const received = JSON.parse(seen.find((message) => message.subject === 'jeugd.intake.ReferralReceived')?.payload ?? '{}') as { metadata?: { pii?: Record<string, unknown> } };
    expect(received.metadata?.pii).toEqual({ keyId: expect.any(String), alg: 'A256GCM', paths: ['client'] });
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
    const actor = { userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord' };
    const ask = { clientId, recipient: { organisation: 'jgz' }, purpose: 'network_analysis', dataCategories: ['help_request'] };
    await expect(consentClient.request('consent.decide', { request: ask, actor, correlationId: 'corr-distributed-1' })).resolves.toMatchObject({ outcome: 'permit', clientId });
    await expect(
      consentClient.request('consent.decide', { request: { ...ask, recipient: { organisation: 'school' } }, actor, correlationId: 'corr-distributed-2' }),
    ).resolves.toMatchObject({ outcome: 'deny', denialReason: 'recipient_not_covered' });
    await eventually(async () => {
      expect(seen.map((m) => m.subject)).toEqual(expect.arrayContaining(['jeugd.consent.ConsentGranted', 'jeugd.consent.DisclosureDecided']));
    });
  });

  it('an erasure decided in consent reaches intake and case-planning over the bus; each destroys its own key', async () => {
    const client = { name: 'Femke de Wis', birthDate: '2013-09-09' };
    const intakeToken = await tokenFor(intake, 'coach-noord-1');
    const created = await request(intake.getHttpServer()).post('/referrals').set('Authorization', intakeToken).send({ client, channel: 'phone', route: 'jgz', etmIndication: 3 }).expect(201);
    const { clientId, referralId } = created.body;
    const before = await request(intake.getHttpServer()).get(`/referrals/${referralId}`).set('Authorization', intakeToken).expect(200);
    expect(before.body.client).toEqual(client);

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

  it('readiness goes false when NATS is unreachable, and comes back', async () => {
    await nats.stop();
    let status = 200;
    for (let attempt = 0; attempt < 100 && status === 200; attempt += 1) {
      status = (await request(intake.getHttpServer()).get('/health/ready')).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(503);
    const down = await request(intake.getHttpServer()).get('/health/ready');
    expect(down.body.checks).toMatchObject({ eventStore: 'up', bus: 'down' });
    await nats.restart();
    for (let attempt = 0; attempt < 100 && status !== 200; attempt += 1) {
      status = (await request(intake.getHttpServer()).get('/health/ready')).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
  }, 40_000);
});
