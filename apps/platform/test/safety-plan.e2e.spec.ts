import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { accessLogStreamOf, CLIENT_FILE_ACCESSED } from '@wijkteam/audit';
import { Clock } from '@wijkteam/contracts';
import { EVENT_STORE, type EventStore, type RecordedEvent, SqliteEventStore } from '@wijkteam/event-store';
import { safetyGateway } from '@wijkteam/safety';
import { collect, eventually } from '@wijkteam/testing';
import request from 'supertest';
import { openCaseFile, type OpenedCaseFile, registerTeamNoord } from './support/case-files';
import { bootPlatform, devAuthorization } from './support/service-apps';

/** The test's clock: the safety plan's deadline is 5 calendar days after the ETM 5. */
class MovableClock extends Clock {
  at = Date.parse('2026-11-23T09:00:00.000Z');
  now(): Date {
    return new Date(this.at);
  }
  set(instant: string): void {
    this.at = Date.parse(instant);
  }
}

const EXPLANATION = 'Vader dreigde gisteren de kinderen mee te nemen naar het buitenland';
const WHAT = 'Oma Testmans haalt de kinderen elke middag uit school';
const WATCHES = 'De kinderen zijn voor vier uur bij oma';
const REVISED_WHAT = 'Moeder belt bij dreiging direct de politie en de wijkcoach';

/**
 * Issue 15, safety assessments and the safety plan (seeds 000, 002), over HTTP on the embedded
 * platform: ETM 5 with reasons requires a safety plan by a deadline and a four-eyes decision on the
 * Crisis Interventie Team; the plan is recorded and revised in versions; the worklist follows.
 */
describe('safety: ETM with reasons, the safety plan and its worklist (platform)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'safety-plan-e2e-'));
  const clock = new MovableClock();
  let app: INestApplication;
  let store: EventStore;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  let file: OpenedCaseFile;
  const server = () => app.getHttpServer();
  const typesOf = async () => (await collect(store.readStream(`safety.assessment-${file.caseFileId}`))).map((event) => event.type);
  const safety = (suffix = '') => `/safety/${file.caseFileId}${suffix}`;
  const missing = async () => (await request(server()).get('/safety/worklists/safety-plans-missing').set(await as('coach-noord-1')).expect(200)).body;
  const plan = (what = WHAT) => ({ agreements: [{ what, who: { kind: 'network', partyCode: 'grootouder' }, watches: WATCHES }], reviewOn: '2026-12-07' });

  beforeAll(async () => {
    app = await bootPlatform(dataDir, {}, { override: (builder) => builder.overrideProvider(Clock).useValue(clock) });
    store = app.get(EVENT_STORE);
    as = devAuthorization(app);
    await registerTeamNoord(server(), as);
    file = await openCaseFile(server(), as);
    await eventually(async () => {
      await request(server()).get(safety()).set(await as('coach-noord-1')).expect(200);
    });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the ETM level descriptions to professionals only', async () => {
    const levels = await request(server()).get('/safety/etm-levels').set(await as('coach-noord-1')).expect(200);
    expect(levels.body.levels.map((level: { level: number }) => level.level)).toEqual([1, 2, 3, 4, 5]);
    expect(levels.body.levels[4].description).toContain('veiligheidsplan');
    await request(server()).get('/safety/etm-levels').expect(401);
  });

  it('refuses bad input naming the field, nothing appended', async () => {
    const assess = async (body: Record<string, unknown>) =>
      (await request(server()).post(safety('/etm-assessments')).set(await as('coach-noord-1')).send({ clientId: file.clientId, score: 5, secondAssessorId: 'coach-noord-2', reasons: ['physical_safety'], ...body }).expect(422)).body;
    expect(await assess({ reasons: [] })).toMatchObject({ code: 'invalid_input', field: 'reasons' });
    expect(await assess({ reasons: ['onderbuik'] })).toMatchObject({ code: 'invalid_input', field: 'reasons' });
    expect(await assess({ reasons: ['other'] })).toMatchObject({ code: 'explanation_required', field: 'explanation' });
    const decide = await request(server()).post(safety('/crisis-intervention')).set(await as('coach-noord-1')).send({ involve: true, reason: 'acute_danger', secondProfessionalId: 'coach-noord-2' }).expect(409);
    expect(decide.body.code).toBe('crisis_intervention_not_asked');
    expect(await typesOf()).toEqual([]);
  });

  it('ETM 5 with reasons requires the plan by its deadline; the worklist shows it, overdue once the clock passes it', async () => {
    const assessed = await request(server())
      .post(safety('/etm-assessments'))
      .set(await as('coach-noord-1'))
      .send({ clientId: file.clientId, score: 5, reasons: ['domestic_violence', 'other'], explanation: EXPLANATION, secondAssessorId: 'coach-noord-2' })
      .expect(201);
    expect(assessed.body).toMatchObject({ latestScore: 5, safetyPlanRequired: true, safetyPlanDue: '2026-11-28', latestAssessment: { reasons: ['domestic_violence', 'other'], explanation: EXPLANATION } });
    expect(await typesOf()).toEqual(['EtmAssessed', 'SafetyPlanRequired']);

    await eventually(async () => expect((await missing()).items).toEqual([expect.objectContaining({ caseFileId: file.caseFileId, due: '2026-11-28', overdue: false })]));
    clock.set('2026-11-29T08:00:00.000Z');
    expect(await missing()).toMatchObject({ items: [{ caseFileId: file.caseFileId, clientId: file.clientId, overdue: true, crisisInterventionDecided: false }], total: 1 });
    // Another team sees nothing of it; each client shown was a read of the file.
    expect((await request(server()).get('/safety/worklists/safety-plans-missing').set(await as('coach-zuid-1')).expect(200)).body.items).toEqual([]);
    const reads = (await collect(store.readStream(accessLogStreamOf('safety')(file.clientId)))).filter((event) => event.type === CLIENT_FILE_ACCESSED);
    expect(reads.map((event) => event.data.userId)).toContain('coach-noord-1');
  });

  it('decides on the Crisis Interventie Team once, with a real second professional', async () => {
    const decide = async (by: string, body: Record<string, unknown>, status: number) =>
      (await request(server()).post(safety('/crisis-intervention')).set(await as(by)).send({ involve: false, reason: 'safety_arranged_by_network', secondProfessionalId: 'coach-noord-2', ...body }).expect(status)).body;
    expect((await decide('coach-noord-1', { secondProfessionalId: 'coach-noord-1' }, 422))).toMatchObject({ code: 'four_eyes_required', field: 'secondProfessionalId' });
    expect((await decide('coach-noord-1', { secondProfessionalId: 'volwassenenteam-1' }, 422))).toMatchObject({ code: 'second_professional_unknown', field: 'secondProfessionalId' });
    expect((await decide('coach-noord-1', { reason: 'drukte' }, 422))).toMatchObject({ field: 'reason' });
    expect((await decide('coach-zuid-1', {}, 403)).code).toBe('other_team');
    const decided = await decide('coach-noord-1', {}, 200);
    expect(decided.crisisIntervention).toMatchObject({ involve: false, reason: 'safety_arranged_by_network', decidedBy: 'coach-noord-1', secondProfessionalId: 'coach-noord-2' });
    expect((await decide('coach-noord-2', { secondProfessionalId: 'coach-noord-1', involve: true, reason: 'acute_danger' }, 409)).code).toBe('crisis_intervention_already_decided');
    expect(await typesOf()).toEqual(['EtmAssessed', 'SafetyPlanRequired', 'CrisisInterventionConsidered']);
  });

  it('records the plan (off the list), revises it as version 2; bad input 422 naming the field, a stale If-Match 412', async () => {
    const record = async (body: unknown, status: number, ifMatch?: string) => {
      const call = request(server()).post(safety('/safety-plan')).set(await as('coach-noord-1'));
      return (ifMatch ? call.set('If-Match', ifMatch) : call).send(body as object).expect(status);
    };
    const bad: [unknown, string][] = [
      [{ ...plan(), agreements: [] }, 'agreements'],
      [{ ...plan(), agreements: [{ what: WHAT, who: { kind: 'network', partyCode: 'grootouder' } }] }, 'agreements.0.watches'],
      [{ ...plan(), agreements: [{ what: WHAT, who: { kind: 'family', clientId: crypto.randomUUID() }, watches: WATCHES }] }, 'agreements.0.who.clientId'],
      [{ ...plan(), reviewOn: '2026-11-01' }, 'reviewOn'],
    ];
    for (const [body, field] of bad) expect([field, (await record(body, 422)).body.field]).toEqual([field, field]);
    const { headers } = await request(server()).get(safety()).set(await as('coach-noord-1')).expect(200);
    await record(plan(), 412, '"0"');
    expect(await typesOf()).toEqual(['EtmAssessed', 'SafetyPlanRequired', 'CrisisInterventionConsidered']);

    const recorded = await record(plan(), 200, headers.etag);
    expect(recorded.body).toMatchObject({ safetyPlanRequired: false, safetyPlanDue: null, safetyPlan: { version: 1, agreementCount: 1, reviewOn: '2026-12-07', recordedBy: 'coach-noord-1' } });
    await eventually(async () => expect((await missing()).items).toEqual([]));

    const current = await request(server()).get(safety('/safety-plan')).set(await as('coach-noord-1')).expect(200);
    const [first] = current.body.current.agreements;
    const revision = { agreements: [first, { what: REVISED_WHAT, who: { kind: 'family', clientId: file.clientId }, watches: WATCHES }], reviewOn: '2026-12-14' };
    const revised = await record(revision, 200, current.headers.etag);
    expect(revised.body.safetyPlan).toMatchObject({ version: 2, agreementCount: 2 });
    const read = await request(server()).get(safety('/safety-plan')).set(await as('coach-noord-2')).expect(200);
    expect(read.body).toMatchObject({ required: false, current: { version: 2, agreements: [{ what: WHAT, watches: WATCHES }, { what: REVISED_WHAT }] }, previousVersions: [{ version: 1, agreements: [{ what: WHAT }] }] });
    const reads = (await collect(store.readStream(accessLogStreamOf('safety')(file.clientId)))).filter((event) => event.type === CLIENT_FILE_ACCESSED);
    expect(reads.map((event) => [event.data.userId, event.data.part])).toContainEqual(['coach-noord-2', 'safety']);
  });

  it('concurrent revisions without If-Match: each lands or is a 409, no version lost', async () => {
    const statuses = await Promise.all([1, 2, 3, 4].map(async (n) => (await request(server()).post(safety('/safety-plan')).set(await as('coach-noord-1')).send(plan(`${WHAT} (${n})`))).status));
    expect(statuses.every((status) => status === 200 || status === 409)).toBe(true);
    const versions = (await collect(store.readStream(`safety.assessment-${file.caseFileId}`))).filter((event) => event.type === 'SafetyPlanRecorded').map((event) => event.data.version);
    expect(versions).toEqual(Array.from({ length: 2 + statuses.filter((status) => status === 200).length }, (_, index) => index + 1));
  });

  it('keeps the explanation and the agreements out of the public events, and unreadable at rest', async () => {
    const raw = SqliteEventStore.open(path.join(dataDir, 'events.db'));
    try {
      const published: string[] = [];
      const atRest: string[] = [];
      for await (const event of raw.readAll() as AsyncIterable<RecordedEvent>) {
        if (!event.streamName.startsWith('safety.')) continue;
        atRest.push(JSON.stringify({ data: event.data, metadata: event.metadata }));
        const route = safetyGateway.routeOf(event);
        if (route) published.push(JSON.stringify(safetyGateway.publish(event, route)));
      }
      const ours = published.map((entry) => JSON.parse(entry)).filter((event) => event.subject === file.caseFileId);
      expect(ours.map((event) => `${event.type}.v${event.version}`)).toEqual(expect.arrayContaining(['EtmAssessed.v2', 'SafetyPlanRequired.v2', 'CrisisInterventionConsidered.v1', 'SafetyPlanRecorded.v1']));
      expect(ours.find((event) => event.type === 'EtmAssessed').data).toMatchObject({ score: 5, reasons: ['domestic_violence', 'other'], explained: true });
      expect(ours.find((event) => event.type === 'SafetyPlanRequired').data).toMatchObject({ due: '2026-11-28' });
      expect(ours.find((event) => event.type === 'SafetyPlanRecorded').data).toEqual({ caseFileId: file.caseFileId, version: 1, agreementCount: 1, reviewOn: '2026-12-07', recordedBy: 'coach-noord-1', recordedAt: expect.any(String) });
      for (const text of [EXPLANATION, WHAT, WATCHES, REVISED_WHAT, 'Testmans']) {
        expect(published.join('\n')).not.toContain(text);
        expect(atRest.join('\n')).not.toContain(text);
      }
    } finally {
      await raw.close();
    }
  });
});
