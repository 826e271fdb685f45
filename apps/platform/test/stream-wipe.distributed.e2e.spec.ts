import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication, Type } from '@nestjs/common';
import { CasePlanningModule } from '@wijkteam/case-planning';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { IntakeModule } from '@wijkteam/intake';
import { eventually, NatsServer } from '@wijkteam/testing';
import request from 'supertest';
import { referralBody } from './support/referrals';
import { bootTestApp, devAuthorization } from './support/service-apps';

/**
 * NATS loses its storage (stopped, store directory deleted, started empty on the same port). The
 * stores are the source of truth: intake's relay notices the recreated stream and republishes its
 * history, and case planning opens every case file exactly once, whether it was down meanwhile (its
 * durable consumer went with the storage) or up (its decider refuses a second opening).
 */
describe('a wiped NATS loses nothing (intake and case planning over a private nats-server)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-wipe-e2e-'));
  let nats: NatsServer;
  let intake: INestApplication;
  let casePlanning: INestApplication | undefined;
  const accepted: string[] = [];

  const start = (service: string, feature: Type): Promise<INestApplication> =>
    bootTestApp({ service, features: [feature], dir: path.join(dataDir, service), settings: { TRANSPORT: 'jetstream', NATS_URL: nats.url } });

  /** Receives and accepts `count` referrals in intake; returns their referral ids. */
  async function acceptReferrals(count: number): Promise<string[]> {
    const auth = await devAuthorization(intake)('coach-noord-1');
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const created = await request(intake.getHttpServer()).post('/referrals').set(auth).send(referralBody()).expect(201);
      await request(intake.getHttpServer()).post(`/referrals/${created.body.referralId}/acceptance`).set(auth).expect(200);
      ids.push(created.body.referralId as string);
    }
    accepted.push(...ids);
    return ids;
  }

  /** CaseFileOpened events in case planning's own store, per referral. */
  async function openingsPerReferral(app: INestApplication): Promise<Map<string, number>> {
    const openings = new Map<string, number>();
    for await (const event of app.get<EventStore>(EVENT_STORE).readAll({ filter: { eventTypes: ['CaseFileOpened'] } })) {
      const referralId = event.data.referralId as string;
      openings.set(referralId, (openings.get(referralId) ?? 0) + 1);
    }
    return openings;
  }

  const expectOpenedOnce = async (app: INestApplication, referralIds: string[], timeoutMs: number): Promise<void> =>
    eventually(async () => {
      const openings = await openingsPerReferral(app);
      expect(referralIds.filter((id) => openings.get(id) !== 1)).toEqual([]);
      expect([...openings.values()].filter((n) => n !== 1)).toEqual([]);
    }, timeoutMs);

  async function relaySeries(app: INestApplication, name: string): Promise<number | undefined> {
    const text = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    const line = text.split('\n').find((l) => l.startsWith(`${name}{service="intake"} `));
    return line === undefined ? undefined : Number(line.split(' ')[1]);
  }

  beforeAll(async () => {
    nats = await NatsServer.start();
    intake = await start('intake', IntakeModule);
    // Case planning was up once: its durable consumer exists, then it goes down.
    casePlanning = await start('case-planning', CasePlanningModule);
    await casePlanning.close();
    casePlanning = undefined;
  }, 60_000);

  afterAll(async () => {
    await casePlanning?.close();
    await intake?.close();
    await nats?.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('case planning down during the wipe: after it starts, every referral accepted before the wipe opens its case file exactly once', async () => {
    const n = 30;
    const referrals = await acceptReferrals(n);
    // Everything is on the bus, waiting in case planning's durable consumer.
    await eventually(async () => expect(await relaySeries(intake, 'wijkteam_relay_lag_events')).toBe(0), 20_000);
    expect(await relaySeries(intake, 'wijkteam_relay_stream_resets_total')).toBe(0);

    await nats.wipe();
    await eventually(async () => expect(await relaySeries(intake, 'wijkteam_relay_stream_resets_total')).toBe(1), 30_000);

    const startedAt = Date.now();
    casePlanning = await start('case-planning', CasePlanningModule);
    await expectOpenedOnce(casePlanning, referrals, 60_000);
    if (process.env.DEBUG_MESSAGING) console.log(`${n} case files opened ${Date.now() - startedAt} ms after case planning started`);
  }, 120_000);

  it('case planning up during the wipe: the republished history changes nothing, and what follows opens once', async () => {
    const app = casePlanning as INestApplication;
    const before = await acceptReferrals(5);
    await expectOpenedOnce(app, accepted, 30_000);

    await nats.wipe();
    await eventually(async () => expect(await relaySeries(intake, 'wijkteam_relay_stream_resets_total')).toBe(2), 30_000);
    const after = await acceptReferrals(5);
    await expectOpenedOnce(app, [...before, ...after], 60_000);
    // The whole history was republished (the first referrals' acceptances too): still one file each.
    expect((await openingsPerReferral(app)).size).toBe(accepted.length);
  }, 120_000);
});
