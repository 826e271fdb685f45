import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Type } from '@nestjs/common';
import { CasePlanningModule } from '@wijkteam/case-planning';
import { ConsentModule } from '@wijkteam/consent';
import { IntakeModule } from '@wijkteam/intake';
import { ReportingModule } from '@wijkteam/reporting';
import { SafetyModule } from '@wijkteam/safety';
import { eventually, NatsServer } from '@wijkteam/testing';
import request from 'supertest';
import { registerTeamNoord } from './support/case-files';
import { referralBody } from './support/referrals';
import { type ServiceApp, startServiceApp } from './support/service-apps';

const SERVICES: [string, Type][] = [
  ['intake', IntakeModule],
  ['case-planning', CasePlanningModule],
  ['safety', SafetyModule],
  ['consent', ConsentModule],
  ['reporting', ReportingModule],
];

/**
 * "Who saw my file" when every service is deployed on its own, each with its own store: the service
 * asked reads its own log and asks the four others over NATS request/reply (`<service>.access-log`).
 */
describe('the complete access log, distributed (five services, five stores, JetStream)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-log-distributed-'));
  let nats: NatsServer;
  const apps: Record<string, ServiceApp> = {};

  beforeAll(async () => {
    nats = await NatsServer.start();
    for (const [service, feature] of SERVICES) {
      const dir = path.join(dataDir, service);
      // Each service its own store: no service can read another's access log from the store.
      apps[service] = await startServiceApp({ service, feature, dir, eventStoreFile: path.join(dir, 'events.db'), transport: 'jetstream', natsUrl: nats.url });
    }
  }, 60_000);

  afterAll(async () => {
    for (const { app } of Object.values(apps).reverse()) await app.close();
    await nats?.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers from any service with every service's reads and refusals, oldest first", async () => {
    const { intake, consent, reporting } = apps;
    const casePlanning = apps['case-planning'];
    await registerTeamNoord(intake.app.getHttpServer(), intake.as);
    const created = await request(intake.app.getHttpServer()).post('/referrals').set(await intake.as('front-office-1')).send(referralBody({})).expect(201);
    const { clientId, referralId } = created.body as { clientId: string; referralId: string };
    const accepted = await request(intake.app.getHttpServer()).post(`/referrals/${referralId}/acceptance`).set(await intake.as('coach-noord-1')).expect(200);
    await request(intake.app.getHttpServer()).get(`/referrals/${referralId}`).set(await intake.as('coach-noord-1')).expect(200);
    await eventually(async () => {
      await request(casePlanning.app.getHttpServer()).get(`/case-files/${accepted.body.caseFileId}`).set(await casePlanning.as('coach-noord-1')).expect(200);
    }, 20_000);
    await request(consent.app.getHttpServer()).get(`/consent/clients/${clientId}/consents`).set(await consent.as('partner-jgz-1')).expect(403);

    const expected = ['intake:accessed:referral', 'case-planning:accessed:case-file', 'consent:refused:consent'];
    for (const asked of [consent, reporting]) {
      const log = await request(asked.app.getHttpServer()).get(`/clients/${clientId}/access-log`).set(await asked.as('auditor-1')).expect(200);
      expect([...log.body.services].sort()).toEqual(['case-planning', 'consent', 'intake', 'reporting', 'safety']);
      const entries = (log.body.items as { service: string; kind: string; part: string }[]).map((entry) => `${entry.service}:${entry.kind}:${entry.part}`);
      expect(entries.filter((entry) => !entry.endsWith(':access-log'))).toEqual(expected);
    }
    // Each service logged the auditor's read where it was asked.
    const last = await request(intake.app.getHttpServer()).get(`/clients/${clientId}/access-log`).set(await intake.as('auditor-1')).expect(200);
    const reads = (last.body.items as { service: string; part: string; userId: string }[]).filter((entry) => entry.part === 'access-log').map((entry) => `${entry.service}:${entry.userId}`);
    expect(reads).toEqual(['consent:auditor-1', 'reporting:auditor-1']);
  }, 60_000);
});
