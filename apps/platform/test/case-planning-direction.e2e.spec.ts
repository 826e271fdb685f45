import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { accessLogStreamOf, CLIENT_FILE_ACCESSED } from '@wijkteam/audit';
import { caseFileStream } from '@wijkteam/case-planning';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { collect, eventually } from '@wijkteam/testing';
import request from 'supertest';
import { openCaseFile, registerTeamNoord } from './support/case-files';
import { referralBody } from './support/referrals';
import { bootPlatform, devAuthorization } from './support/service-apps';

const YOUTH = { name: 'Noa Overdracht', birthDate: '2009-03-15' };
const day = 24 * 60 * 60 * 1000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString();

/**
 * Case direction end to end over HTTP and the in-process bus (issue 14): the first director from the
 * team's Jeugdteam, transfers with their reason and decision, the adult team only with consent (the
 * defect: it used to succeed without), closure with who was informed and the waakvlam.
 */
describe('case direction (embedded platform)', () => {
  let app: INestApplication;
  let store: EventStore;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-direction-'));
  const server = () => app.getHttpServer();
  const typesOf = async (caseFileId: string) => (await collect(store.readStream(caseFileStream(caseFileId)))).map((event) => event.type);

  beforeAll(async () => {
    app = await bootPlatform(dataDir);
    store = app.get(EVENT_STORE);
    as = devAuthorization(app);
    await registerTeamNoord(server(), as);
  });

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('makes only a coach of the Jeugdteam the first director: the adult-team colleague is refused, nothing appended', async () => {
    const { caseFileId } = await openCaseFile(server(), as);
    const file = `/case-files/${caseFileId}`;
    const adult = await request(server()).post(`${file}/case-director`).set(await as('coach-noord-1')).send({ directorId: 'volwassenenteam-1', directorKind: 'coach', reason: 'case_conference' }).expect(422);
    expect(adult.body).toMatchObject({ code: 'director_not_a_coach_of_the_team', field: 'directorId' });
    const handover = await request(server()).post(`${file}/case-director`).set(await as('coach-noord-1')).send({ directorId: 'coach-noord-1', directorKind: 'coach', reason: 'warm_handover' }).expect(422);
    expect(handover.body).toMatchObject({ code: 'warm_handover_is_a_transfer', field: 'reason' });
    await request(server()).post(`${file}/case-director`).set(await as('coach-noord-1')).send({ directorId: 'coach-zuid-1', directorKind: 'coach', reason: 'case_conference' }).expect(422);
    expect(await typesOf(caseFileId)).toEqual(['CaseFileOpened']);

    await request(server()).post(`${file}/case-director`).set(await as('coach-noord-1')).send({ directorId: 'coach-noord-1', directorKind: 'coach', reason: 'case_conference' }).expect(200);
    const again = await request(server()).post(`${file}/case-director`).set(await as('coach-noord-1')).send({ directorId: 'coach-noord-2', directorKind: 'coach', reason: 'capacity' }).expect(409);
    expect(again.body.code).toBe('case_director_already_assigned');
  });

  it('hands direction to the adult team only with the young adult\'s consent for the warm handover, whatever the route', async () => {
    const { caseFileId, clientId } = await openCaseFile(server(), as, {}, YOUTH);
    const file = `/case-files/${caseFileId}`;
    await request(server()).post(`${file}/case-director`).set(await as('coach-noord-1')).send({ directorId: 'coach-noord-1', directorKind: 'coach', reason: 'case_conference' }).expect(200);
    const toAdults = { toDirectorId: 'volwassenenteam-1', toDirectorKind: 'adult_team', reason: 'warm_handover', clientId };

    const refused = await request(server()).post(`${file}/case-direction/transfers`).set(await as('coach-noord-1')).send(toAdults).expect(422);
    expect(refused.body).toMatchObject({ code: 'consent_required_no_consent', field: 'consent' });
    // Another route to the same end: the adult-team colleague made "coach".
    await request(server()).post(`${file}/case-direction/transfers`).set(await as('coach-noord-1')).send({ ...toAdults, toDirectorKind: 'coach', reason: 'capacity' }).expect(422);
    expect(await typesOf(caseFileId)).toEqual(['CaseFileOpened', 'CaseDirectorAssigned']);

    await request(server())
      .post('/consent/grants')
      .set(await as('coach-noord-1'))
      .send({
        clientId, subjectAge: 17, grantors: [{ relation: 'client' }], purpose: 'warm_handover', recipient: { organisation: 'volwassenenteam' },
        dataCategories: ['plan_of_approach', 'help_request'], period: { from: iso(-1), until: iso(90) }, evidence: { documentId: crypto.randomUUID() },
      })
      .expect(201);
    const moved = await request(server()).post(`${file}/case-direction/transfers`).set(await as('coach-noord-1')).send(toAdults).expect(200);
    expect(moved.body.director).toMatchObject({ directorId: 'volwassenenteam-1', directorKind: 'adult_team' });
    expect(moved.body.directorHistory.map((entry: { directorId: string; reason: string }) => [entry.directorId, entry.reason])).toEqual([
      ['coach-noord-1', 'case_conference'],
      ['volwassenenteam-1', 'warm_handover'],
    ]);
    const [transfer] = (await collect(store.readStream(caseFileStream(caseFileId)))).filter((event) => event.type === 'CaseDirectionTransferred');
    expect(transfer.data).toMatchObject({ fromDirectorId: 'coach-noord-1', reason: 'warm_handover', decision: 'consensus', decidedBy: 'coach-noord-1', decidedByRole: 'coach', consentDecisionId: expect.any(String) });
  });

  it("records the coordinator's decision as such; a coach cannot claim one; another team cannot transfer", async () => {
    const { caseFileId } = await openCaseFile(server(), as);
    const file = `/case-files/${caseFileId}`;
    await request(server()).post(`${file}/case-director`).set(await as('coach-noord-1')).send({ directorId: 'coach-noord-1', directorKind: 'coach', reason: 'case_conference' }).expect(200);
    const claim = await request(server()).post(`${file}/case-direction/transfers`).set(await as('coach-noord-1')).send({ toDirectorId: 'coach-noord-2', toDirectorKind: 'coach', reason: 'expertise', decision: 'coordinator_decision' }).expect(403);
    expect(claim.body).toMatchObject({ code: 'coordinator_decision_by_coordinator_only', field: 'decision' });
    await request(server()).post(`${file}/case-direction/transfers`).set(await as('coach-zuid-1')).send({ toDirectorId: 'coach-noord-2', toDirectorKind: 'coach', reason: 'expertise' }).expect(403);
    const bad = await request(server()).post(`${file}/case-direction/transfers`).set(await as('coordinator-1')).send({ toDirectorId: 'coach-noord-2', toDirectorKind: 'coach', reason: 'boredom' }).expect(422);
    expect(JSON.stringify(bad.body)).toContain('reason');

    const stale = await request(server()).post(`${file}/case-direction/transfers`).set(await as('coordinator-1')).set('If-Match', '"0"').send({ toDirectorId: 'coach-noord-2', toDirectorKind: 'coach', reason: 'expertise', decision: 'coordinator_decision' }).expect(412);
    expect(stale.body.code).toBeDefined();
    const decided = await request(server()).post(`${file}/case-direction/transfers`).set(await as('coordinator-1')).set('If-Match', '"1"').send({ toDirectorId: 'coach-noord-2', toDirectorKind: 'coach', reason: 'expertise', decision: 'coordinator_decision', onBehalfOf: 'coach-noord-1' }).expect(200);
    expect(decided.body.directorHistory[1]).toMatchObject({ directorId: 'coach-noord-2', decision: 'coordinator_decision', decidedBy: 'coordinator-1' });
    await request(server()).post(`${file}/case-direction/transfers`).set(await as('coordinator-1')).send({ toDirectorId: 'gi-west', toDirectorKind: 'certified_institution', reason: 'dwang_drang' }).expect(200);
  });

  it("takes the case conference's coaches and first-visit deadline onto the file, whether assigned before or after the acceptance", async () => {
    const before = await request(server()).post('/referrals').set(await as('front-office-1')).send(referralBody()).expect(201);
    const assigned = await request(server()).post(`/referrals/${before.body.referralId}/coach-assignment`).set(await as('coordinator-1')).send({ coachIds: ['coach-noord-1', 'coach-noord-2'] }).expect(200);
    const accepted = await request(server()).post(`/referrals/${before.body.referralId}/acceptance`).set(await as('coach-noord-1')).expect(200);
    const { firstVisitDue } = assigned.body as { firstVisitDue: string };
    await eventually(async () => {
      const file = await request(server()).get(`/case-files/${accepted.body.caseFileId}`).set(await as('coach-noord-1')).expect(200);
      expect(file.body).toMatchObject({ coachIds: ['coach-noord-1', 'coach-noord-2'], firstVisitDue });
      // The clock of plan and evaluations is the referral's receipt (intake), before the opening; seed 000: first visit 2 weeks after it.
      expect(Date.parse(file.body.referredAt)).toBeLessThan(Date.parse(file.body.openedAt));
      expect(Date.parse(firstVisitDue) - Date.parse(file.body.referredAt.slice(0, 10))).toBe(14 * day);
    });

    const { caseFileId, referralId } = await openCaseFile(server(), as);
    await request(server()).post(`/referrals/${referralId}/coach-assignment`).set(await as('coordinator-1')).send({ coachIds: ['coach-noord-2'] }).expect(200);
    await eventually(async () => {
      const file = await request(server()).get(`/case-files/${caseFileId}`).set(await as('coach-noord-1')).expect(200);
      expect(file.body).toMatchObject({ coachIds: ['coach-noord-2'], firstVisitDue: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    });
  });

  it('closes with JGZ and the GP informed, keeps a waakvlam, and reopens the file on a signal', async () => {
    const { caseFileId } = await openCaseFile(server(), as);
    const file = `/case-files/${caseFileId}`;
    const uninformed = await request(server()).post(`${file}/closure`).set(await as('coach-noord-1')).send({ reason: 'goals_reached_closed', informed: ['jgz'] }).expect(422);
    expect(uninformed.body).toMatchObject({ code: 'jgz_and_gp_to_be_informed', field: 'informed' });
    const noWatch = await request(server()).post(`${file}/closure`).set(await as('coach-noord-1')).send({ reason: 'goals_reached_waakvlam' }).expect(422);
    expect(noWatch.body).toMatchObject({ code: 'waakvlam_required', field: 'waakvlam' });
    const badDate = await request(server()).post(`${file}/closure`).set(await as('coach-noord-1')).send({ reason: 'goals_reached_waakvlam', waakvlam: { reviewOn: '31-12-2026' } }).expect(422);
    expect(JSON.stringify(badDate.body)).toContain('reviewOn');
    expect(await typesOf(caseFileId)).toEqual(['CaseFileOpened']);

    const reviewOn = iso(60).slice(0, 10);
    const closed = await request(server()).post(`${file}/closure`).set(await as('coach-noord-1')).send({ reason: 'goals_reached_waakvlam', waakvlam: { reviewOn } }).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', waakvlam: { active: true, reviewOn, monitoredBy: 'coach-noord-1' } });
    await request(server()).post(`${file}/waakvlam/reviews`).set(await as('coach-noord-1')).send({ outcome: 'continue_monitoring', nextReviewOn: iso(120).slice(0, 10) }).expect(200);
    const reopened = await request(server()).post(`${file}/reopening`).set(await as('coach-noord-1')).send({ reason: 'waakvlam_signal' }).expect(200);
    expect(reopened.body).toMatchObject({ status: 'open', waakvlam: { active: false } });
    expect(await typesOf(caseFileId)).toEqual(['CaseFileOpened', 'CaseFileClosed', 'WaakvlamStarted', 'WaakvlamReviewed', 'CaseFileReopened']);
  });

  it("lists a coach's own cases, and shows the file's timeline (who, when, why), both access-logged", async () => {
    const { caseFileId, clientId } = await openCaseFile(server(), as);
    const file = `/case-files/${caseFileId}`;
    await request(server()).post(`${file}/case-director`).set(await as('coach-noord-2')).send({ directorId: 'coach-noord-2', directorKind: 'coach', reason: 'case_conference' }).expect(200);
    await request(server()).post(`${file}/case-direction/transfers`).set(await as('coordinator-1')).send({ toDirectorId: 'coach-noord-1', toDirectorKind: 'coach', reason: 'coach_unavailable', decision: 'coordinator_decision' }).expect(200);

    await eventually(async () => {
      const mine = await request(server()).get('/case-planning/worklists/my-cases?pageSize=100').set(await as('coach-noord-1')).expect(200);
      expect(mine.body.items).toContainEqual(expect.objectContaining({ caseFileId, clientId, myRole: 'director', directorId: 'coach-noord-1' }));
      const theirs = await request(server()).get('/case-planning/worklists/my-cases?pageSize=100').set(await as('coach-noord-2')).expect(200);
      expect(theirs.body.items.map((item: { caseFileId: string }) => item.caseFileId)).not.toContain(caseFileId);
    });
    await request(server()).get('/case-planning/worklists/my-cases?pageSize=500').set(await as('coach-noord-1')).expect(422);
    await request(server()).get('/case-planning/worklists/my-cases').set(await as('volwassenenteam-1')).expect(403);

    const timeline = await request(server()).get(`${file}/timeline?pageSize=2`).set(await as('auditor-1')).expect(200);
    expect(timeline.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(timeline.body.items[0]).toMatchObject({
      type: 'CaseDirectionTransferred', part: 'caseFile', actor: { userId: 'coordinator-1', role: 'team-coordinator' },
      why: { reason: 'coach_unavailable', decision: 'coordinator_decision', toDirectorKind: 'coach' },
    });
    expect(timeline.body.items[1]).toMatchObject({ type: 'CaseDirectorAssigned', actor: { userId: 'coach-noord-2' }, why: { reason: 'case_conference' } });
    await request(server()).get(`${file}/timeline`).set(await as('coach-zuid-1')).expect(403);
    const reads = (await collect(store.readStream(accessLogStreamOf('case-planning')(clientId)))).filter((event) => event.type === CLIENT_FILE_ACCESSED);
    expect(reads.map((event) => event.data.userId)).toEqual(expect.arrayContaining(['coach-noord-1', 'auditor-1']));
  });

  it('never loses an update: concurrent transfers each land or get 409, and the file holds exactly the ones that landed', async () => {
    const { caseFileId } = await openCaseFile(server(), as);
    const file = `/case-files/${caseFileId}`;
    await request(server()).post(`${file}/case-director`).set(await as('coach-noord-1')).send({ directorId: 'coach-noord-1', directorKind: 'coach', reason: 'case_conference' }).expect(200);
    const coordinator = await as('coordinator-1');
    const targets = ['coach-noord-2', 'coach-noord-1', 'coach-noord-2', 'coach-noord-1', 'coach-noord-2', 'coach-noord-1'];
    const answers = await Promise.all(
      targets.map((toDirectorId) => request(server()).post(`${file}/case-direction/transfers`).set(coordinator).send({ toDirectorId, toDirectorKind: 'coach', reason: 'capacity' })),
    );
    expect(answers.every((answer) => [200, 409].includes(answer.status))).toBe(true);
    const landed = answers.filter((answer) => answer.status === 200).length;
    expect(landed).toBeGreaterThanOrEqual(1);
    const events = (await collect(store.readStream(caseFileStream(caseFileId)))).filter((event) => event.type === 'CaseDirectionTransferred');
    expect(events).toHaveLength(landed);
    // Each landed transfer moved from the director the one before it left: a chain, nothing overwritten.
    let director = 'coach-noord-1';
    for (const event of events) {
      expect(event.data.fromDirectorId).toBe(director);
      director = event.data.toDirectorId as string;
    }
    const final = await request(server()).get(file).set(await as('coach-noord-1')).expect(200);
    expect(final.body.director.directorId).toBe(director);
  });
});
