import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { accessLogStreamOf, CLIENT_FILE_ACCESSED } from '@wijkteam/audit';
import { Clock } from '@wijkteam/contracts';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { collect, eventually } from '@wijkteam/testing';
import request from 'supertest';
import { openCaseFile, type OpenedCaseFile, registerTeamNoord } from './support/case-files';
import { bootPlatform, devAuthorization } from './support/service-apps';

/** The test's clock, moved between acts, so that each list can be read at moments in between. */
class MovableClock extends Clock {
  at = Date.parse('2026-11-23T09:00:00.000Z');
  now(): Date {
    return new Date(this.at);
  }
  set(instant: string): void {
    this.at = Date.parse(instant);
  }
}

// 18 on 2027-03-15: within six months of November 2026.
const YOUTH = { name: 'Sanne Lijst', birthDate: '2009-03-15' };

/**
 * Issue 16: reporting's safety and 18-/18+ lists over HTTP on the embedded platform, fed by the
 * bus: an ETM 5 without a safety plan, a Meldcode trajectory, an escalation raised and resolved, a
 * transition question, each read now and `asOf` moments in between, as JSON and CSV.
 */
describe('reporting safety and 18-/18+ lists (issue 16)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reporting-safety-lists-e2e-'));
  const clock = new MovableClock();
  let app: INestApplication;
  let store: EventStore;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  let file: OpenedCaseFile;
  let escalationId: string;
  const server = () => app.getHttpServer();
  const list = async (name: string, userId: string, { query = '', accept = 'application/json', status = 200 } = {}) =>
    request(server()).get(`/reporting/lists/${name}${query}`).set(await as(userId)).set('Accept', accept).expect(status);

  beforeAll(async () => {
    app = await bootPlatform(dataDir, {}, { override: (builder) => builder.overrideProvider(Clock).useValue(clock) });
    store = app.get(EVENT_STORE);
    as = devAuthorization(app);
    await registerTeamNoord(server(), as);
    file = await openCaseFile(server(), as, {}, YOUTH);
    await eventually(async () => {
      await request(server()).get(`/safety/${file.caseFileId}`).set(await as('coach-noord-1')).expect(200);
    });
    const coach = await as('coach-noord-1');
    const colleague = await as('coach-noord-2');

    // 23 November 09:00: ETM 5 (plan due 28 November), Meldcode step 1, an escalation to Veilig Thuis.
    await request(server())
      .post(`/safety/${file.caseFileId}/etm-assessments`)
      .set(coach)
      .send({ clientId: file.clientId, score: 5, reasons: ['domestic_violence'], secondAssessorId: 'coach-noord-2' })
      .expect(201);
    const meldcode = `/safety/${file.caseFileId}/meldcode`;
    await request(server()).post(`${meldcode}/trajectories`).set(coach).send({}).expect(201);
    await request(server()).post(`${meldcode}/steps/1`).set(coach).send({ signals: ['neglect'] }).expect(201);
    const escalations = `/safety/${file.caseFileId}/escalations`;
    const proposed = await request(server()).post(escalations).set(coach).send({ target: 'veilig_thuis', reason: 'acute_unsafety' }).expect(201);
    escalationId = proposed.body.escalations[0].escalationId;
    await request(server()).post(`${escalations}/${escalationId}/confirmation`).set(colleague).expect(201);

    // 25 November: Meldcode step 2; the transition question.
    clock.set('2026-11-25T09:00:00.000Z');
    await request(server()).post(`${meldcode}/steps/2`).set(coach).send({ consultedId: 'coach-noord-2', veiligThuisAdvice: false }).expect(201);
    await request(server())
      .post(`/case-files/${file.caseFileId}/transitions/${file.clientId}/question`)
      .set(coach)
      .send({ helpMustContinue: true, continuation: 'stays_with_jeugdteam' })
      .expect(200);

    // 30 November: the escalation handled; the safety plan still missing, its deadline passed.
    clock.set('2026-11-30T09:00:00.000Z');
    await request(server()).post(`${escalations}/${escalationId}/resolution`).set(coach).send({ outcome: 'handled' }).expect(200);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists now: the safety plan overdue, the trajectory at step 2 since 25 November, no open escalation; each client shown access-logged', async () => {
    await eventually(async () => {
      const plans = await list('safety-plans-missing', 'coordinator-1');
      expect(plans.body).toMatchObject({ list: 'safety-plans-missing', team: 'wijkteam-noord', asOf: '2026-11-30T09:00:00.000Z', total: 1 });
      expect(plans.body.rows).toEqual([expect.objectContaining({ team: 'wijkteam-noord', caseFileId: file.caseFileId, clientId: file.clientId, due: '2026-11-28', overdue: true })]);
    });
    await eventually(async () => {
      const meldcode = await list('meldcode-open', 'coordinator-1');
      expect(meldcode.body.rows).toEqual([expect.objectContaining({ caseFileId: file.caseFileId, step: 2, stepCompletedAt: '2026-11-25T09:00:00.000Z', startedAt: '2026-11-23T09:00:00.000Z' })]);
    });
    await eventually(async () => expect((await list('escalations-open', 'coordinator-1')).body.rows).toEqual([]));
    const reads = (await collect(store.readStream(accessLogStreamOf('reporting')(file.clientId)))).filter((event) => event.type === CLIENT_FILE_ACCESSED);
    expect(reads.map((event) => [event.data.userId, event.data.part])).toContainEqual(['coordinator-1', 'safety']);
  });

  it('answers asOf a moment in between from the same rows: the plan not yet overdue, step 1, the escalation open; before everything, nothing', async () => {
    await eventually(async () => expect((await list('escalations-open', 'auditor-1', { query: '?asOf=2026-11-24' })).body.rows).toHaveLength(1));
    const day = '?asOf=2026-11-24';
    expect((await list('safety-plans-missing', 'coordinator-1', { query: day })).body).toMatchObject({ asOf: '2026-11-24T23:59:59.999Z', rows: [{ caseFileId: file.caseFileId, overdue: false }] });
    expect((await list('meldcode-open', 'coordinator-1', { query: day })).body.rows).toEqual([expect.objectContaining({ step: 1, stepCompletedAt: '2026-11-23T09:00:00.000Z' })]);
    expect((await list('escalations-open', 'auditor-1', { query: day })).body.rows).toEqual([
      { team: 'wijkteam-noord', caseFileId: file.caseFileId, clientId: file.clientId, escalationId, target: 'veilig_thuis', reason: 'acute_unsafety', receivingParty: null, movesCaseDirection: false, raisedAt: '2026-11-23T09:00:00.000Z' },
    ]);
    for (const name of ['safety-plans-missing', 'meldcode-open', 'escalations-open', 'turning-18']) {
      expect({ name, rows: (await list(name, 'auditor-1', { query: '?asOf=2026-11-23T08:00:00Z' })).body.rows }).toEqual({ name, rows: [] });
    }
  });

  it('counts the youth turning 18 in March 2027 with the transition question, recorded on 25 November; never a birth date or a client id', async () => {
    const row = { team: 'wijkteam-noord', eighteenMonth: '2027-03', otherProviders: 'not_asked', handover: 'none', questionOverdue: false, count: 1 };
    await eventually(async () => expect((await list('turning-18', 'coordinator-1')).body.rows).toEqual([{ ...row, question: 'stays_with_jeugdteam' }]));
    const before = await list('turning-18', 'coordinator-1', { query: '?asOf=2026-11-24T12:00:00%2B01:00' });
    expect(before.body).toMatchObject({ asOf: '2026-11-24T11:00:00.000Z', rows: [{ ...row, question: 'not_asked' }] });
    expect(JSON.stringify(before.body)).not.toContain(file.clientId);
    expect(JSON.stringify(before.body)).not.toContain('2027-03-15');
    // Three months from November do not reach March.
    expect((await list('turning-18', 'coordinator-1', { query: '?horizonMonths=3' })).body.rows).toEqual([]);
  });

  it('answers CSV with Accept: text/csv: a header row and one line per entry', async () => {
    const csv = await list('escalations-open', 'coordinator-1', { query: '?asOf=2026-11-24', accept: 'text/csv' });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text).toBe(
      [
        'team,caseFileId,clientId,escalationId,target,reason,receivingParty,movesCaseDirection,raisedAt',
        `wijkteam-noord,${file.caseFileId},${file.clientId},${escalationId},veilig_thuis,acute_unsafety,,false,2026-11-23T09:00:00.000Z`,
        '',
      ].join('\r\n'),
    );
    expect((await list('turning-18', 'coordinator-1', { query: '?horizonMonths=3', accept: 'text/csv' })).text).toBe('team,eighteenMonth,question,otherProviders,handover,questionOverdue,count\r\n');
  });

  it("keeps a team's lists to the team: another team 403 other_team, other roles 403; an auditor reads any team", async () => {
    for (const name of ['safety-plans-missing', 'meldcode-open', 'escalations-open', 'turning-18']) {
      expect((await list(name, 'coordinator-1', { query: '?team=wijkteam-zuid', status: 403 })).body).toMatchObject({ code: 'other_team', field: 'team' });
      await list(name, 'coach-noord-1', { status: 403 });
    }
    expect((await list('safety-plans-missing', 'auditor-1', { query: '?team=wijkteam-zuid' })).body.rows).toEqual([]);
    expect((await list('safety-plans-missing', 'auditor-1')).body).toMatchObject({ team: null, rows: [{ caseFileId: file.caseFileId }] });
  });

  it('refuses an asOf that is no moment or one still to come with 400 naming asOf, and a bad horizon or page with 422', async () => {
    for (const [asOf, code] of [
      ['gisteren', 'invalid_as_of'],
      ['2026-02-30', 'invalid_as_of'],
      ['2026-11-24T25:00:00Z', 'invalid_as_of'],
      ['2026-11-24T10:00:00', 'invalid_as_of'],
      ['2026-12-01', 'as_of_in_future'],
      ['2026-11-30T09:00:01Z', 'as_of_in_future'],
    ]) {
      for (const name of ['escalations-open', 'turning-18']) {
        const response = await list(name, 'auditor-1', { query: `?asOf=${asOf}`, status: 400 });
        expect({ name, asOf, body: response.body }).toMatchObject({ name, asOf, body: { code, field: 'asOf' } });
      }
    }
    expect((await list('turning-18', 'auditor-1', { query: '?horizonMonths=25', status: 422 })).body.field).toBe('horizonMonths');
    expect((await list('meldcode-open', 'auditor-1', { query: '?pageSize=0', status: 422 })).body.field).toBe('pageSize');
  });
});
