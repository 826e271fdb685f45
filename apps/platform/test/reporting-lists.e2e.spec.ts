import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Clock } from '@wijkteam/runtime';
import { eventually } from '@wijkteam/testing';
import request from 'supertest';
import { openCaseFile, type OpenedCaseFile, registerTeamNoord } from './support/case-files';
import { referralBody } from './support/referrals';
import { bootPlatform, devAuthorization } from './support/service-apps';

const ZRM = {
  financien: 3, dagbesteding: 4, tijdsbesteding: 4, huisvesting: 5, huiselijke_relaties: 2, geestelijke_gezondheid: 3, lichamelijke_gezondheid: 4,
  middelengebruik: 5, basale_adl: 5, instrumentele_adl: 4, sociaal_netwerk: 2, maatschappelijke_participatie: 3, justitie: 5,
};
const day = 86_400_000;
// The clock is the test's: everything before the first visit happens on 2 March 2026, 09:00 UTC.
const start = new Date('2026-03-02T09:00:00.000Z');
let now = start;

/**
 * Issue 16: reporting's lists of intake's and case planning's work over HTTP on the embedded
 * platform, fed by the bus, now and as of earlier moments from the same read models.
 */
describe('reporting lists (issue 16)', () => {
  let app: INestApplication;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  let first: OpenedCaseFile;
  let second: OpenedCaseFile;
  let waitlistedId: string;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reporting-lists-e2e-'));
  const server = () => app.getHttpServer();
  const list = async (name: string, userId: string, { query = '', accept = 'application/json', status = 200 } = {}) =>
    request(server()).get(`/reporting/lists/${name}${query}`).set(await as(userId)).set('Accept', accept).expect(status);
  const ids = (rows: { caseFileId: string; daysOverdue: number }[]) => rows.map((row) => [row.caseFileId, row.daysOverdue]);

  beforeAll(async () => {
    app = await bootPlatform(dataDir, {}, { override: (builder) => builder.overrideProvider(Clock).useValue({ now: () => now }) });
    as = devAuthorization(app);
    await registerTeamNoord(server(), as);

    const waitlisted = await request(server()).post('/referrals').set(await as('front-office-1')).send(referralBody()).expect(201);
    waitlistedId = waitlisted.body.referralId;
    await request(server()).post(`/referrals/${waitlistedId}/waitlist`).set(await as('coach-noord-1')).expect(200);

    first = await openCaseFile(server(), as);
    await request(server()).post(`/referrals/${first.referralId}/coach-assignment`).set(await as('coordinator-1')).send({ coachIds: ['coach-noord-1', 'coach-noord-2'] }).expect(200);
    second = await openCaseFile(server(), as);
    await request(server()).post(`/referrals/${second.referralId}/coach-assignment`).set(await as('coordinator-1')).send({ coachIds: ['coach-noord-2'] }).expect(200);
    await request(server()).post(`/case-files/${second.caseFileId}/case-director`).set(await as('coach-noord-2')).send({ directorId: 'coach-noord-2', directorKind: 'coach', reason: 'case_conference' }).expect(200);

    // Twenty days later: the first visit of the first file and its case director, and the waitlisted referral declined.
    now = new Date(start.getTime() + 20 * day);
    await request(server()).post(`/case-files/${first.caseFileId}/first-visit`).set(await as('coach-noord-1')).send({
      coachIds: ['coach-noord-1', 'coach-noord-2'], familyPresent: [first.clientId], location: 'home', explained: { wayOfWorking: true, privacy: true, complaintsProcedure: true },
      zrm: ZRM, etm: { score: 3, secondAssessorId: 'coach-noord-2' }, safetyAnalysisNeeded: false, sisaSignalDiscussed: true,
      caseDirector: { directorId: 'coach-noord-1', directorKind: 'coach' }, heldOn: now.toISOString().slice(0, 10),
    }).expect(201);
    await request(server()).post(`/case-files/${first.caseFileId}/case-director`).set(await as('coach-noord-1')).send({ directorId: 'coach-noord-1', directorKind: 'coach', reason: 'case_conference' }).expect(200);
    await request(server()).post(`/referrals/${waitlistedId}/decline`).set(await as('coach-noord-1')).send({ reason: 'eligibility_not_met', redirect: 'own_network' }).expect(200);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the waiting list as it was: the referral waiting on 3 March, gone once declined; as CSV too', async () => {
    await eventually(async () => expect((await list('waiting-list', 'coordinator-1')).body).toMatchObject({ list: 'waiting-list', team: 'wijkteam-noord', asOf: now.toISOString(), rows: [] }));
    const before = await list('waiting-list', 'coordinator-1', { query: '?asOf=2026-03-03' });
    expect(before.body).toMatchObject({ asOf: '2026-03-03T23:59:59.999Z', rows: [{ team: 'wijkteam-noord', referralId: waitlistedId, priority: 'regular', waitlistedOn: '2026-03-02', daysWaiting: 1 }] });
    const csv = await list('waiting-list', 'coordinator-1', { query: '?asOf=2026-03-03', accept: 'text/csv' });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text).toBe(`team,referralId,priority,waitlistedOn,daysWaiting\r\nwijkteam-noord,${waitlistedId},regular,2026-03-02,1\r\n`);
  });

  it('counts the caseload per coach (directing or assigned) and per team, now and before the first file had its director', async () => {
    await eventually(async () =>
      expect((await list('caseload', 'coordinator-1')).body.rows).toEqual([
        { team: 'wijkteam-noord', coachId: 'coach-noord-1', caseFiles: 1, directing: 1, assigned: 1 },
        { team: 'wijkteam-noord', coachId: 'coach-noord-2', caseFiles: 2, directing: 1, assigned: 2 },
      ]),
    );
    const before = await list('caseload', 'coordinator-1', { query: '?asOf=2026-03-10T00:00:00Z' });
    expect(before.body.rows).toEqual([
      { team: 'wijkteam-noord', coachId: 'coach-noord-1', caseFiles: 1, directing: 0, assigned: 1 },
      { team: 'wijkteam-noord', coachId: 'coach-noord-2', caseFiles: 2, directing: 1, assigned: 2 },
    ]);
    expect((await list('caseload', 'auditor-1', { query: '?by=team' })).body.rows).toEqual([{ team: 'wijkteam-noord', caseFiles: 2, coaches: 2 }]);
    expect((await list('caseload', 'coordinator-1', { query: '?asOf=2026-03-01' })).body.rows).toEqual([]);
  });

  it('lists first visits overdue two weeks after the referral: both files on 20 March, only the one without a visit now', async () => {
    await eventually(async () => expect(ids((await list('first-visits-overdue', 'coordinator-1')).body.rows)).toEqual([[second.caseFileId, 6]]));
    const earlier = await list('first-visits-overdue', 'coordinator-1', { query: '?asOf=2026-03-20' });
    expect(earlier.body.rows).toEqual(
      [first, second]
        .map((file) => ({ team: 'wijkteam-noord', caseFileId: file.caseFileId, referralId: file.referralId, referredOn: '2026-03-02', due: '2026-03-16', daysOverdue: 4 }))
        .sort((a, b) => a.caseFileId.localeCompare(b.caseFileId)),
    );
    expect((await list('first-visits-overdue', 'coordinator-1', { query: '?asOf=2026-03-16T23:59:59Z' })).body.rows).toEqual([]);
    const csv = await list('first-visits-overdue', 'coordinator-1', { accept: 'text/csv' });
    expect(csv.text).toBe(`team,caseFileId,referralId,referredOn,due,daysOverdue\r\nwijkteam-noord,${second.caseFileId},${second.referralId},2026-03-02,2026-03-16,6\r\n`);
  });

  it("keeps a team's lists to the team: another team 403 other_team, a coach 403; an auditor reads any team", async () => {
    const other = await list('caseload', 'coordinator-1', { query: '?team=wijkteam-zuid', status: 403 });
    expect(other.body).toMatchObject({ code: 'other_team', field: 'team' });
    await list('waiting-list', 'coach-noord-1', { status: 403 });
    expect((await list('first-visits-overdue', 'auditor-1', { query: '?team=wijkteam-zuid' })).body.rows).toEqual([]);
    expect(ids((await list('first-visits-overdue', 'auditor-1')).body.rows)).toEqual([[second.caseFileId, 6]]);
  });

  it('refuses asOf in the future or malformed with 400 naming asOf, and a bad team, grouping or horizon with 422 naming it', async () => {
    const future = await list('plans-overdue', 'auditor-1', { query: `?asOf=${new Date(now.getTime() + 1000).toISOString()}`, status: 400 });
    expect(future.body).toMatchObject({ code: 'as_of_in_future', field: 'asOf' });
    expect((await list('evaluations', 'auditor-1', { query: '?asOf=2026-03-23', status: 400 })).body).toMatchObject({ code: 'as_of_in_future', field: 'asOf' });
    for (const bad of ['gisteren', '2026-02-30', '2026-03-01T10:00:00']) {
      const response = await list('waiting-list', 'coordinator-1', { query: `?asOf=${bad}`, status: 400 });
      expect({ bad, body: response.body }).toMatchObject({ bad, body: { code: 'invalid_as_of', field: 'asOf' } });
    }
    for (const [name, query, field] of [['caseload', '?team=Noord%20Team', 'team'], ['caseload', '?by=neighbourhood', 'by'], ['evaluations', '?withinDays=400', 'withinDays']]) {
      const response = await list(name, 'auditor-1', { query, status: 422 });
      expect({ query, field: response.body.field }).toEqual({ query, field });
    }
  });

  it('lists plans overdue six weeks after the referral and the first evaluations due, once the clock has moved on', async () => {
    now = new Date(start.getTime() + 50 * day);
    const plans = await list('plans-overdue', 'coordinator-1');
    expect(plans.body.asOf).toBe('2026-04-21T09:00:00.000Z');
    expect(ids(plans.body.rows).sort()).toEqual([[first.caseFileId, 8], [second.caseFileId, 8]].sort());
    expect((await list('plans-overdue', 'coordinator-1', { query: '?asOf=2026-04-13' })).body.rows).toEqual([]);
    const evaluations = await list('evaluations', 'coordinator-1', { query: '?withinDays=60' });
    expect(evaluations.body.rows.map((row: Record<string, unknown>) => [row.caseFileId, row.evaluationNumber, row.due, row.status, row.plan]).sort()).toEqual(
      [[first.caseFileId, 1, '2026-06-02', 'due', 'none'], [second.caseFileId, 1, '2026-06-02', 'due', 'none']].sort(),
    );
    expect((await list('evaluations', 'coordinator-1')).body.rows).toEqual([]);
  });
});
