import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Clock } from '@wijkteam/runtime';
import { eventually } from '@wijkteam/testing';
import request from 'supertest';
import { openCaseFile, registerTeamNoord } from './support/case-files';
import { referralBody } from './support/referrals';
import { bootPlatform, devAuthorization } from './support/service-apps';

/**
 * Issue 16: the management figures over HTTP on the embedded platform, fed by the bus. The clock
 * is the test's, in March 2026, so every fact falls in month 2026-03.
 */
const now = new Date('2026-03-10T09:00:00.000Z');
const month = '2026-03';
const day = 86_400_000;

describe('reporting figures (issue 16)', () => {
  let app: INestApplication;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reporting-figures-e2e-'));
  const server = () => app.getHttpServer();
  /** A figure as `userId` reads it, answered with `status`. */
  const figures = async (figure: string, userId: string, { query = '', accept = 'application/json', status = 200 } = {}) =>
    request(server()).get(`/reporting/figures/${figure}${query}`).set(await as(userId)).set('Accept', accept).expect(status);
  const consentTo = (clientId: string) => ({ clientId, subjectAge: 13, purpose: 'network_analysis', recipient: { organisation: 'jgz' }, dataCategories: ['help_request'] });

  beforeAll(async () => {
    app = await bootPlatform(dataDir, {}, { override: (builder) => builder.overrideProvider(Clock).useValue({ now: () => now }) });
    as = devAuthorization(app);
    await registerTeamNoord(server(), as);

    // Referrals of team Noord by the JGZ route: one accepted (and its case file closed), one declined, one waitlisted.
    const file = await openCaseFile(server(), as);
    await request(server()).post(`/case-files/${file.caseFileId}/closure`).set(await as('coach-noord-1')).send({ reason: 'goals_reached_closed', informed: ['jgz', 'huisarts'] }).expect(200);
    const declined = await request(server()).post('/referrals').set(await as('front-office-1')).send(referralBody()).expect(201);
    await request(server()).post(`/referrals/${declined.body.referralId}/decline`).set(await as('coach-noord-1')).send({ reason: 'eligibility_not_met', redirect: 'own_network' }).expect(200);
    const waitlisted = await request(server()).post('/referrals').set(await as('front-office-1')).send(referralBody()).expect(201);
    await request(server()).post(`/referrals/${waitlisted.body.referralId}/waitlist`).set(await as('coach-noord-1')).expect(200);

    // A consent granted for the accepted family's child, and one refused for the waitlisted referral's child.
    const period = { from: new Date(now.getTime() - day).toISOString(), until: new Date(now.getTime() + 90 * day).toISOString() };
    await request(server()).post('/consent/grants').set(await as('coach-noord-1'))
      .send({ ...consentTo(file.clientId), grantors: [{ relation: 'client' }, { relation: 'parent' }], period, evidence: { documentId: crypto.randomUUID() } }).expect(201);
    await request(server()).post('/consent/refusals').set(await as('coach-noord-1'))
      .send({ ...consentTo(waitlisted.body.clientId), refusedBy: 'client', reason: 'does_not_trust_recipient' }).expect(201);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows the coordinator their team's referrals by route and outcome, and its closures by reason, as JSON", async () => {
    await eventually(async () => {
      const referrals = await figures('referrals', 'coordinator-1');
      expect(referrals.body).toMatchObject({ figure: 'referrals', team: 'wijkteam-noord', columns: ['team', 'month', 'route', 'outcome', 'count'] });
      expect(referrals.body.rows).toEqual(
        ['accepted', 'declined', 'received', 'waitlisted'].map((outcome) => ({ team: 'wijkteam-noord', month, route: 'jgz', outcome, count: outcome === 'received' ? 3 : 1 })),
      );
    });
    await eventually(async () => {
      const closures = await figures('closures', 'coordinator-1', { query: `?from=${month}&to=${month}` });
      expect(closures.body.rows).toEqual([{ team: 'wijkteam-noord', month, reason: 'goals_reached_closed', count: 1 }]);
    });
    const later = await figures('closures', 'coordinator-1', { query: '?from=2026-04' });
    expect(later.body.rows).toEqual([]);
  });

  it("attributes consents to the client's team: one granted, one refused, by purpose", async () => {
    await eventually(async () => {
      const consents = await figures('consents', 'coordinator-1');
      expect(consents.body.rows).toEqual([
        { team: 'wijkteam-noord', month, purpose: 'network_analysis', decision: 'granted', count: 1 },
        { team: 'wijkteam-noord', month, purpose: 'network_analysis', decision: 'refused', count: 1 },
      ]);
    });
  });

  it('answers CSV with Accept: text/csv: a header row, one row per team × month × code, comma-separated', async () => {
    await eventually(async () => {
      const csv = await figures('referrals', 'coordinator-1', { accept: 'text/csv' });
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.text).toBe(
        [
          'team,month,route,outcome,count',
          `wijkteam-noord,${month},jgz,accepted,1`,
          `wijkteam-noord,${month},jgz,declined,1`,
          `wijkteam-noord,${month},jgz,received,3`,
          `wijkteam-noord,${month},jgz,waitlisted,1`,
          '',
        ].join('\r\n'),
      );
    });
    const empty = await figures('disclosures', 'coordinator-1', { accept: 'text/csv' });
    expect(empty.text).toBe('team,month,ground,outcome,count\r\n');
  });

  it("keeps a team's figures to the team: a coordinator asking for another team gets 403, other roles 403; an auditor reads any team", async () => {
    const other = await figures('referrals', 'coordinator-1', { query: '?team=wijkteam-zuid', status: 403 });
    expect(other.body).toMatchObject({ code: 'other_team', field: 'team' });
    await figures('referrals', 'coach-zuid-1', { status: 403 });
    await figures('consents', 'coach-noord-1', { status: 403 });
    const zuid = await figures('referrals', 'auditor-1', { query: '?team=wijkteam-zuid' });
    expect(zuid.body.rows).toEqual([]);
    await eventually(async () => {
      const all = await figures('closures', 'auditor-1');
      expect(all.body).toMatchObject({ team: null, rows: [{ team: 'wijkteam-noord', month, reason: 'goals_reached_closed', count: 1 }] });
    });
  });

  it('refuses a bad month or team with 422 naming the field, a reversed range naming to, and asOf with 400', async () => {
    for (const [query, field] of [['?from=2026-13', 'from'], ['?to=202603', 'to'], ['?team=Noord%20Team', 'team'], ['?from=2026-04&to=2026-03', 'to']]) {
      const response = await figures('referrals', 'auditor-1', { query, status: 422 });
      expect({ query, field: response.body.field }).toEqual({ query, field });
    }
    const asOf = await figures('closures', 'auditor-1', { query: '?asOf=2026-03-01T00:00:00.000Z', status: 400 });
    expect(asOf.body).toMatchObject({ code: 'as_of_not_supported', field: 'asOf' });
  });
});
