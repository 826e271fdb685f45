import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication, Type } from '@nestjs/common';
import { IntakeModule } from '@wijkteam/intake';
import { type AppConfig } from '@wijkteam/runtime';
import { eventually, NatsServer } from '@wijkteam/testing';
import request from 'supertest';
import { PlatformModule } from '../src/platform.module';
import { referralBody } from './support/referrals';
import { bootTestApp } from './support/service-apps';

/** GET /metrics as Prometheus scrapes it: no token, text format, the messaging figures of every hosted service, the process figures. */
type Samples = Map<string, number>;

/** `name{labels} value` lines into a map keyed by `name{labels}`; HELP/TYPE lines checked for form. */
function parse(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n').filter(Boolean)) {
    if (line.startsWith('#')) {
      expect(line).toMatch(/^# (HELP|TYPE) [a-z_][a-z0-9_]* .+$/);
      continue;
    }
    const match = /^([a-z_][a-z0-9_]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    samples.set(match[1], Number(match[2]));
  }
  return samples;
}

async function scrape(app: INestApplication): Promise<Samples> {
  const response = await request(app.getHttpServer()).get('/metrics').expect(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
  return parse(response.text);
}

const consumerSeries = (samples: Samples, name: string, service: string): Array<[string, number]> =>
  [...samples].filter(([key]) => key.startsWith(`${name}{service="${service}",consumer=`));

describe('GET /metrics', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'metrics-e2e-'));
  const apps: INestApplication[] = [];

  async function start(name: string, features: Type[], settings: Partial<Record<keyof AppConfig, string>>): Promise<INestApplication> {
    const app = await bootTestApp({ service: name, features, dir: path.join(dataDir, name), settings: { DEMO_DATA: 'false', ...settings } });
    apps.push(app);
    return app;
  }

  const token = async (app: INestApplication, userId: string): Promise<string> =>
    `Bearer ${(await request(app.getHttpServer()).post('/auth/dev/token').send({ userId }).expect(200)).body.access_token}`;

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  describe('the platform (embedded default, in-process transport)', () => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await start('platform', [PlatformModule], { TRANSPORT: 'in-process' });
    }, 60_000);

    it('answers without a token, per hosted service, with each handler group pending count', async () => {
      const samples = await scrape(app);
      for (const service of ['intake', 'case-planning', 'safety', 'consent', 'reporting']) {
        expect(samples.get(`wijkteam_messaging_metrics_ok{service="${service}"}`)).toBe(1);
        expect(samples.get(`wijkteam_messaging_transport_info{service="${service}",transport="in-process"}`)).toBe(1);
      }
      expect(samples.has('wijkteam_consumer_pending{service="case-planning",consumer="case-planning__intake_ReferralAccepted"}')).toBe(true);
      // No relay in the embedded default: no relay series rather than zeros.
      expect([...samples.keys()].filter((key) => key.startsWith('wijkteam_relay_'))).toEqual([]);
      // Process and event-loop figures (prom-client's default metrics).
      expect(samples.get('process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(samples.has('nodejs_eventloop_lag_seconds')).toBe(true);
      // Read models: live, with their position and the head they caught up to.
      expect(samples.get('wijkteam_projection_catching_up{service="consent",projection="consent_index"}')).toBe(0);
      expect(samples.get('wijkteam_projection_position{service="consent",projection="consent_index"}')).toBeGreaterThanOrEqual(samples.get('wijkteam_projection_target_position{service="consent",projection="consent_index"}') ?? Infinity);
    });

    it('readiness lists every read model and whether it is live (ready meanwhile: only what needs one answers 503)', async () => {
      const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
      expect(ready.body.progress).toEqual({
        'projections:case-planning': { case_overview: 'live', first_visit_deadlines: 'live', plan_worklist: 'live', transition_worklist: 'live' },
        'projections:consent': { consent_index: 'live', consent_retention: 'live', consent_safety_decisions: 'live' },
        'projections:safety': { safety_case_files: 'live', escalation_worklist: 'live', meldcode_worklist: 'live', safety_plan_deadlines: 'live' },
        'projections:intake': { case_file_status: 'live', referral_worklist: 'live', team_directory: 'live', caseload: 'live', client_referrals: 'live', coach_safety_flags: 'live', care_history: 'live' },
        'projections:reporting': { reporting_referrals: 'live', reporting_closures: 'live', reporting_consents: 'live', reporting_waiting_list: 'live', reporting_caseload: 'live', reporting_case_deadlines: 'live', reporting_compliance: 'live', reporting_safety_plans: 'live', reporting_meldcode_escalations: 'live', reporting_transitions: 'live' },
      });
    });

    it('shows the handler groups back at 0 pending once they handled new events (pending: store positions after their checkpoint)', async () => {
      const server = app.getHttpServer();
      const auth = await token(app, 'coach-noord-1');
      const created = await request(server).post('/referrals').set('Authorization', auth).send(referralBody({ etmIndication: 4 })).expect(201);
      const accepted = await request(server).post(`/referrals/${created.body.referralId}/acceptance`).set('Authorization', auth).expect(200);
      // case-planning opens the case file on ReferralAccepted: its group has handled the new events.
      await eventually(async () => {
        await request(server).get(`/case-files/${accepted.body.caseFileId}`).set('Authorization', auth).expect(200);
        const pending = consumerSeries(await scrape(app), 'wijkteam_consumer_pending', 'case-planning');
        expect(pending.length).toBeGreaterThan(0);
        expect(pending.every(([, value]) => value === 0)).toBe(true);
      });
    });
  });

  describe('a service on JetStream', () => {
    let nats: NatsServer;
    let intake: INestApplication;
    beforeAll(async () => {
      nats = await NatsServer.start();
      intake = await start('intake', [IntakeModule], { TRANSPORT: 'jetstream', NATS_URL: nats.url });
    }, 60_000);
    afterAll(async () => {
      const index = apps.indexOf(intake);
      if (index >= 0) await apps.splice(index, 1)[0].close();
      await nats?.dispose();
    });

    it('reports the relay (lag, published and acknowledged totals) and the durable consumers', async () => {
      const auth = await token(intake, 'coach-noord-1');
      await request(intake.getHttpServer()).post('/referrals').set('Authorization', auth).send(referralBody({}, { name: 'Bram Smit', birthDate: '2011-04-15' })).expect(201);
      await eventually(async () => {
        const samples = await scrape(intake);
        expect(samples.get('wijkteam_messaging_transport_info{service="intake",transport="jetstream"}')).toBe(1);
        expect(samples.get('wijkteam_relay_active{service="intake"}')).toBe(1);
        expect(samples.get('wijkteam_relay_published_total{service="intake"}')).toBeGreaterThanOrEqual(1);
        expect(samples.get('wijkteam_relay_acked_total{service="intake"}')).toBe(samples.get('wijkteam_relay_published_total{service="intake"}'));
        expect(samples.get('wijkteam_relay_lag_events{service="intake"}')).toBe(0);
        const pending = consumerSeries(samples, 'wijkteam_consumer_pending', 'intake');
        expect(pending.length).toBeGreaterThan(0);
        expect(pending.every(([, value]) => value === 0)).toBe(true);
        expect(consumerSeries(samples, 'wijkteam_consumer_ack_pending', 'intake').every(([, value]) => value === 0)).toBe(true);
      });
      // Names only: nothing about the client in any label.
      const text = (await request(intake.getHttpServer()).get('/metrics').expect(200)).text;
      expect(text).not.toMatch(/Bram|2011-04-15/);
    });
  });
});
