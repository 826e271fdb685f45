import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { casePlanningGateway } from '@wijkteam/case-planning';
import { consentGateway } from '@wijkteam/consent';
import type { EventStore } from '@wijkteam/event-store';
import { intakeGateway } from '@wijkteam/intake';
import { type DeadLetter, MESSAGING_TRANSPORT, type MessagingServer, openSqlite, SqliteDeadLetters } from '@wijkteam/messaging';
import { RAW_EVENT_STORE } from '@wijkteam/runtime';
import { safetyGateway } from '@wijkteam/safety';
import { eventually } from '@wijkteam/testing';
import { DemoDataSeeder } from '../src/demo-data';
import { bootPlatform } from './support/service-apps';

/**
 * The gateways against what the services really store: the demo families are created through the
 * real command path, and every event a gateway makes public must pass its schema (a refusal would be
 * a dead letter and a missing event on the bus).
 */
describe('the gateways over the demo families (embedded default)', () => {
  let app: INestApplication;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gateways-e2e-'));

  beforeAll(async () => {
    app = await bootPlatform(dataDir, { DEMO_DATA: 'true' });
    await app.get(DemoDataSeeder).done;
  });

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('makes every public event of the demo families within its schema, with nothing of the store in it', async () => {
    const store = app.get<EventStore>(RAW_EVENT_STORE);
    const gateways = [intakeGateway, casePlanningGateway, safetyGateway, consentGateway];
    const published: string[] = [];
    for await (const event of store.readAll()) {
      const gateway = gateways.find((g) => g.routeOf(event));
      if (!gateway) continue;
      const publicEvent = gateway.publish(event);
      published.push(`${gateway.service}.${publicEvent?.type}`);
      expect(JSON.stringify(publicEvent?.data)).not.toMatch(/streamName|revision|position|sealed|"client":/);
    }
    expect(published).toEqual(expect.arrayContaining(['intake.ReferralReceived', 'intake.ReferralAccepted', 'intake.ReferralDeclined', 'intake.ReferralWaitlisted', 'case-planning.CaseFileOpened', 'case-planning.CaseDirectorAssigned', 'safety.EtmAssessed', 'safety.SafetyPlanRequired']));
  });

  it('leaves no dead letters once every handler group has caught up', async () => {
    const transport = app.get<MessagingServer>(MESSAGING_TRANSPORT, { strict: false });
    await eventually(async () => expect((await transport.consumerPending()).every((c) => c.pending === 0)).toBe(true));
    const db = openSqlite(path.join(dataDir, 'messaging.db'));
    try {
      const letters: DeadLetter[] = new SqliteDeadLetters(db).list();
      expect(letters.map((l) => `${l.consumer} ${l.error.code ?? l.error.name}`)).toEqual([]);
    } finally {
      db.close();
    }
  });
});
