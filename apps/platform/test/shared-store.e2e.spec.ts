import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Type } from '@nestjs/common';
import { accessLogStreamOf } from '@wijkteam/audit';
import { erasureStreamOf } from '@wijkteam/privacy';
import { CasePlanningModule } from '@wijkteam/case-planning';
import { ConsentModule } from '@wijkteam/consent';
import { ownerPrefix, type StreamOwner } from '@wijkteam/contracts';
import type { RecordedEvent } from '@wijkteam/event-store';
import { IntakeModule } from '@wijkteam/intake';
import { SafetyModule } from '@wijkteam/safety';
import { eventually, findPersonalData, freshPostgresSchema, NatsServer, TEST_POSTGRES_URL, whyPostgresUnreachable } from '@wijkteam/testing';
import request from 'supertest';
import { PlatformModule } from '../src/platform.module';
import { registerTeamNoord } from './support/case-files';
import { referralBody } from './support/referrals';
import { type ServiceApp, startServiceApp } from './support/service-apps';

const SERVICES: [StreamOwner, Type][] = [
  ['intake', IntakeModule],
  ['case-planning', CasePlanningModule],
  ['safety', SafetyModule],
  ['consent', ConsentModule],
];

const POSTGRES_SCHEMA = 'shared_store_e2e';
const postgresUnreachable = whyPostgresUnreachable();

/**
 * The production wiring of the store: every service on ONE event store (one SQLite file, or one
 * PostgreSQL schema as replicas share it), each with its own key store and messaging database. An
 * erasure decided at consent's client-rights desk must destroy every service's key of the client,
 * each service recording its own SubjectKeyDestroyed (caused by consent's), and leave no plaintext
 * of the client anywhere in the shared history.
 */
type Wiring = [label: string, transport: 'in-process' | 'jetstream', store: 'sqlite' | 'postgres'];
const WIRINGS: Wiring[] = [
  ['embedded: in-process transport, one SQLite file', 'in-process', 'sqlite'],
  ['distributed: JetStream, one SQLite file', 'jetstream', 'sqlite'],
];
if (!postgresUnreachable) WIRINGS.push(['distributed: JetStream, one PostgreSQL event store', 'jetstream', 'postgres']);
describe.each(WIRINGS)('four services on one shared store (%s)', (_label, transport, storeKind) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-store-e2e-'));
  const store = storeKind === 'sqlite' ? { eventStoreFile: path.join(dataDir, 'events.db') } : { eventStoreUrl: `${TEST_POSTGRES_URL}?schema=${POSTGRES_SCHEMA}` };
  let nats: NatsServer | undefined;
  const apps: Record<string, ServiceApp> = {};

  beforeAll(async () => {
    if (storeKind === 'postgres') await freshPostgresSchema(POSTGRES_SCHEMA);
    if (transport === 'jetstream') nats = await NatsServer.start();
    for (const [service, feature] of SERVICES) {
      const dir = path.join(dataDir, service);
      apps[service] = await startServiceApp({ service, feature, dir, ...store, transport, natsUrl: nats?.url });
    }
  }, 60_000);

  afterAll(async () => {
    for (const { app } of Object.values(apps).reverse()) await app.close();
    await nats?.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('one erasure destroys every service\'s key of the client, and a full replay finds no plaintext of it', async () => {
    const { intake, consent, safety } = apps;
    const casePlanning = apps['case-planning'];
    const client = { name: 'Jesse Gedeeld', birthDate: '2012-08-17' };
    const kept = { name: 'Roos Blijft', birthDate: '2013-02-11' };

    // intake takes in and accepts; case-planning opens the file; safety assesses it.
    await registerTeamNoord(intake.app.getHttpServer(), intake.as);
    const created = await request(intake.app.getHttpServer()).post('/referrals').set(await intake.as('front-office-1')).send(referralBody({}, client)).expect(201);
    const { clientId, referralId } = created.body as { clientId: string; referralId: string };
    await request(intake.app.getHttpServer()).post('/referrals').set(await intake.as('front-office-1')).send(referralBody({}, kept)).expect(201);
    const accepted = await request(intake.app.getHttpServer()).post(`/referrals/${referralId}/acceptance`).set(await intake.as('coach-noord-1')).expect(200);
    const { caseFileId } = accepted.body as { caseFileId: string };
    await eventually(async () => {
      await request(casePlanning.app.getHttpServer()).get(`/case-files/${caseFileId}`).set(await casePlanning.as('coach-noord-1')).expect(200);
    }, 20_000);
    // Safety knows the file from case planning's events; the second assessor is a colleague of the team.
    await eventually(async () => {
      await request(safety.app.getHttpServer()).get(`/safety/${caseFileId}`).set(await safety.as('coach-noord-1')).expect(200);
    }, 20_000);
    await request(safety.app.getHttpServer())
      .post(`/safety/${caseFileId}/etm-assessments`)
      .set(await safety.as('coach-noord-1'))
      .send({ clientId, score: 3, reasons: ['parental_capacity'], secondAssessorId: 'coach-noord-2' })
      .expect(201);

    // Every service holds a key of the client in its own key store (intake's sealed the referral).
    const keyIds: Record<string, string> = {};
    for (const [service, { keys }] of Object.entries(apps)) keyIds[service] = (await keys.keyForSubject(clientId)).keyId;
    expect(new Set(Object.values(keyIds)).size).toBe(SERVICES.length);
    const before = await request(intake.app.getHttpServer()).get(`/referrals/${referralId}`).set(await intake.as('coach-noord-1')).expect(200);
    expect(before.body.client).toEqual({ ...client, bsn: null });

    const erasure = await request(consent.app.getHttpServer())
      .post('/privacy/erasures')
      .set(await consent.as('privacy-officer-1'))
      .send({ clientId, legalBasis: 'avg_art17_request', requestId: crypto.randomUUID() })
      .expect(201);
    expect(erasure.body).toMatchObject({ subjectId: clientId, legalBasis: 'avg_art17_request' });

    // Each service destroyed its own key, and recorded so in a stream of its own, caused by consent's record.
    await eventually(async () => {
      for (const [service, { keys }] of Object.entries(apps)) {
        await expect(keys.keyForSubject(clientId)).rejects.toMatchObject({ code: 'subject_erased' });
        expect({ service, key: await keys.keyById(keyIds[service]) }).toEqual({ service, key: 'destroyed' });
      }
    }, 20_000);
    const records = await eventuallyErasureRecords(intake, clientId, SERVICES.length);
    const decided = records.filter((record) => record.metadata.causationId === undefined);
    expect(decided).toHaveLength(1);
    const followed = records.filter((record) => record.metadata.causationId !== undefined);
    expect(followed.map((record) => record.metadata.causationId)).toEqual(followed.map(() => decided[0].id));
    expect(records.map((record) => record.streamName).sort()).toEqual(SERVICES.map(([service]) => erasureStreamOf(service)(clientId)).sort());
    expect(decided[0].streamName).toBe(erasureStreamOf('consent')(clientId));

    // A full replay of the shared store at rest holds no plaintext of either client (sealed at rest)...
    const raw: RecordedEvent[] = [];
    for await (const event of intake.raw.readAll()) raw.push(event);
    expect(findPersonalData(asText(raw), [client.name, client.birthDate, kept.name, kept.birthDate])).toEqual([]);
    // ...and each service's replay of its own history through its own codec reads the erased client
    // as erased: no service can still decrypt anything of it; the other client still reads as recorded.
    const decoded: Record<string, string> = {};
    for (const [service, app] of Object.entries(apps)) {
      const events: RecordedEvent[] = [];
      for await (const event of app.store.readAll({ filter: { streamPrefixes: [ownerPrefix(service as StreamOwner)] } })) events.push(event);
      expect(events.length).toBeGreaterThan(0);
      decoded[service] = asText(events);
    }
    expect(findPersonalData(Object.values(decoded).join('\n'), [client.name, client.birthDate])).toEqual([]);
    expect(decoded.intake).toContain(kept.name);
    // Every event of the shared store belongs to one of the services, by its stream name.
    expect(raw.filter((event) => !SERVICES.some(([service]) => event.streamName.startsWith(ownerPrefix(service))))).toEqual([]);
    const after = await request(intake.app.getHttpServer()).get(`/referrals/${referralId}`).set(await intake.as('coach-noord-1')).expect(200);
    expect(after.body.client).toEqual({ $erased: true });
    expect(after.body).toMatchObject({ status: 'accepted', route: 'jgz' });
  }, 60_000);
});

/**
 * The platform: the same four services in ONE process and one Nest app (one key store). Each service
 * module still writes its own streams: each records its own erasure, caused by consent's.
 */
describe('the platform: five services in one process, each writing its own streams', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-store-platform-'));
  let platform: ServiceApp;

  beforeAll(async () => {
    platform = await startServiceApp({ service: 'platform', feature: PlatformModule, dir: dataDir, eventStoreFile: path.join(dataDir, 'events.db'), transport: 'in-process' });
  });

  afterAll(async () => {
    await platform.app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('records one erasure per service and one access log per service that served a read', async () => {
    const server = platform.app.getHttpServer();
    const client = { name: 'Lieke Samen', birthDate: '2014-03-03' };
    const created = await request(server).post('/referrals').set(await platform.as('front-office-1')).send(referralBody({}, client)).expect(201);
    const { clientId, referralId } = created.body as { clientId: string; referralId: string };
    const accepted = await request(server).post(`/referrals/${referralId}/acceptance`).set(await platform.as('coach-noord-1')).expect(200);
    await eventually(async () => {
      await request(server).get(`/case-files/${accepted.body.caseFileId}`).set(await platform.as('coach-noord-1')).expect(200);
    });
    await request(server).get(`/referrals/${referralId}`).set(await platform.as('coach-noord-1')).expect(200);
    const log = await request(server).get(`/clients/${clientId}/access-log`).set(await platform.as('auditor-1')).expect(200);
    expect(log.body.items.map((entry: { part: string }) => entry.part)).toEqual(['case-file', 'referral']);

    await request(server).post('/privacy/erasures').set(await platform.as('privacy-officer-1')).send({ clientId, legalBasis: 'avg_art17_request', requestId: crypto.randomUUID() }).expect(201);
    const records = await eventuallyErasureRecords(platform, clientId, SERVICES.length);
    expect(records.map((record) => record.streamName).sort()).toEqual(SERVICES.map(([service]) => erasureStreamOf(service)(clientId)).sort());
    const accessLogs = new Set<string>();
    for await (const event of platform.raw.readAll()) if (event.type === 'ClientFileAccessed') accessLogs.add(event.streamName);
    expect([...accessLogs].sort()).toEqual([accessLogStreamOf('case-planning')(clientId), accessLogStreamOf('intake')(clientId)]);
  });
});

/** Every SubjectKeyDestroyed of the client in the shared store, once `count` of them are there. */
async function eventuallyErasureRecords(reader: ServiceApp, clientId: string, count: number): Promise<RecordedEvent[]> {
  let records: RecordedEvent[] = [];
  await eventually(async () => {
    records = [];
    for await (const event of reader.raw.readAll()) if (event.type === 'SubjectKeyDestroyed' && event.data.subjectId === clientId) records.push(event);
    expect(records).toHaveLength(count);
  }, 20_000);
  return records;
}

/** Stream name, type, data and metadata of each event, as text to scan (positions are bigints). */
function asText(events: RecordedEvent[]): string {
  return JSON.stringify(events.map(({ streamName, type, data, metadata }) => ({ streamName, type, data, metadata })));
}
