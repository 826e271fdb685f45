import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { casePlanningGateway } from '@wijkteam/case-planning';
import { Clock } from '@wijkteam/contracts';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@wijkteam/event-store';
import { collect, eventually } from '@wijkteam/testing';
import request from 'supertest';
import { registerTeamNoord } from './support/case-files';
import { referralBody } from './support/referrals';
import { bootPlatform, devAuthorization } from './support/service-apps';

/** The test's clock, for every service of the platform: the chain runs over seven months. */
class MovableClock extends Clock {
  at = Date.parse('2026-11-23T09:00:00.000Z');
  now(): Date {
    return new Date(this.at);
  }
  set(day: string): void {
    this.at = Date.parse(`${day}T10:00:00.000Z`);
  }
}

// 17 at the referral, 18 on 15 June 2027.
const YOUTH = { name: 'Kim Ketentest', birthDate: '2009-06-15' };
const GOAL = 'Ik wil zelf mijn geld regelen voordat ik achttien word';
const ACTION = 'Kim maakt samen met moeder een weekbudget';
const REASON = 'Kim wil de overstap naar het volwassenenteam samen voorbereiden';
const ZRM = { financien: 2, dagbesteding: 3, tijdsbesteding: 3, huisvesting: 4, huiselijke_relaties: 3, geestelijke_gezondheid: 3, lichamelijke_gezondheid: 4, middelengebruik: 5, basale_adl: 5, instrumentele_adl: 3, sociaal_netwerk: 3, maatschappelijke_participatie: 3, justitie: 5 };
const CASE_PLANNING_STREAMS = ['caseFile', 'firstVisit', 'network', 'plan', 'evaluation', 'transition'];

/**
 * Issue 14 end to end over HTTP and the in-process bus, one family from referral to closure: the
 * first visit (ETM through safety), the network analysis with one contact refused for lack of
 * consent, the plan, evaluations at 3 and 6 months, the 18-/18+ warm handover refused and then, with
 * the youth's consent, completed, case direction to the adult team, and closure with a waakvlam.
 */
describe('case planning: the whole chain for one family (embedded platform)', () => {
  const clock = new MovableClock();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'case-planning-chain-'));
  let app: INestApplication;
  let store: EventStore;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  const server = () => app.getHttpServer();
  const consent = (clientId: string, purpose: string, recipient: Record<string, string>, dataCategories: string[], from: string, until: string) => ({
    clientId, subjectAge: 17, grantors: [{ relation: 'client' }], purpose, recipient, dataCategories,
    period: { from: `${from}T00:00:00.000Z`, until: `${until}T00:00:00.000Z` }, evidence: { documentId: crypto.randomUUID() },
  });

  beforeAll(async () => {
    app = await bootPlatform(dataDir, {}, { override: (builder) => builder.overrideProvider(Clock).useValue(clock) });
    store = app.get(EVENT_STORE);
    as = devAuthorization(app);
    await registerTeamNoord(server(), as);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('referral → case → first visit → network → plan → evaluations → warm handover (refused, consent, completed) → closure with waakvlam', async () => {
    // The referral, the case conference's coaches, the acceptance: the file opens through the bus.
    const parent = { relation: 'parent', person: { name: 'Moeder Ketentest', birthDate: '1980-02-02' } };
    const received = await request(server()).post('/referrals').set(await as('front-office-1')).send(referralBody({ familyMembers: [parent] }, YOUTH)).expect(201);
    const { referralId, clientId } = received.body as { referralId: string; clientId: string };
    const parentId = received.body.familyMemberIds[0] as string;
    await request(server()).post(`/referrals/${referralId}/coach-assignment`).set(await as('coordinator-1')).send({ coachIds: ['coach-noord-1', 'coach-noord-2'] }).expect(200);
    const caseFileId = (await request(server()).post(`/referrals/${referralId}/acceptance`).set(await as('coach-noord-1')).expect(200)).body.caseFileId as string;
    const file = `/case-files/${caseFileId}`;
    await eventually(async () => {
      const opened = await request(server()).get(file).set(await as('coach-noord-1')).expect(200);
      expect(opened.body).toMatchObject({ coachIds: ['coach-noord-1', 'coach-noord-2'], firstVisitDue: '2026-12-07' });
    });
    await request(server()).post(`${file}/case-director`).set(await as('coach-noord-1')).send({ directorId: 'coach-noord-1', directorKind: 'coach', reason: 'case_conference' }).expect(200);

    // seed 000: the first visit within two weeks, at home, by two coaches; the ETM through safety.
    clock.set('2026-11-30');
    const visit = {
      coachIds: ['coach-noord-1', 'coach-noord-2'], familyPresent: [clientId, parentId], location: 'home', explained: { wayOfWorking: true, privacy: true, complaintsProcedure: true },
      zrm: ZRM, etm: { score: 3, secondAssessorId: 'coach-noord-2' }, safetyAnalysisNeeded: false, sisaSignalDiscussed: true,
      caseDirector: { directorId: 'coach-noord-1', directorKind: 'coach' }, heldOn: '2026-11-30',
    };
    const visited = await request(server()).post(`${file}/first-visit`).set(await as('coach-noord-1')).send(visit).expect(201);
    expect(visited.body.visit).toMatchObject({ onTime: true, atHome: true });
    expect((await collect(store.readStream(`safety.assessment-${caseFileId}`))).map((event) => event.type)).toEqual(['EtmAssessed']);

    // The network: JGZ and the GP always; Kim consents to JGZ only: the GP's contact is refused, JGZ's permitted.
    clock.set('2026-12-10');
    const jgz = await request(server()).post(`${file}/network/parties`).set(await as('coach-noord-1')).send({ party: 'jgz', role: 'youth_health_care', relevance: 'always_involved' }).expect(201);
    const jgzId = Object.keys(jgz.body.parties)[0];
    const gp = await request(server()).post(`${file}/network/parties`).set(await as('coach-noord-1')).send({ party: 'huisarts', role: 'general_practitioner', relevance: 'always_involved' }).expect(201);
    const gpId = Object.keys(gp.body.parties).find((id) => id !== jgzId) as string;
    await request(server()).post(`${file}/network/parties`).set(await as('coach-noord-1')).send({ party: 'school-de-linde', role: 'school', relevance: 'child_attends' }).expect(201);
    await request(server()).post('/consent/grants').set(await as('coach-noord-1')).send(consent(clientId, 'network_analysis', { organisation: 'jgz' }, ['help_request'], '2026-12-01', '2027-12-01')).expect(201);
    const refused = await request(server()).post(`${file}/network/parties/${gpId}/contacts`).set(await as('coach-noord-1')).send({ clientId, dataCategories: ['help_request'] }).expect(200);
    expect(refused.body).toMatchObject({ outcome: 'refused', reason: 'recipient_not_covered' });
    const contacted = await request(server()).post(`${file}/network/parties/${jgzId}/contacts`).set(await as('coach-noord-1')).send({ clientId, dataCategories: ['help_request'] }).expect(200);
    expect(contacted.body).toMatchObject({ outcome: 'contacted' });
    await request(server()).post(`${file}/network/completion`).set(await as('coach-noord-1')).send({ completedOn: '2026-12-10' }).expect(200);

    // The plan of approach in Kim's words, agreed within six weeks.
    const drafted = await request(server())
      .post(`${file}/plan`)
      .set(await as('coach-noord-1'))
      .send({ goals: [{ text: GOAL, actions: [{ performer: { kind: 'family', clientId }, what: ACTION, dueOn: '2027-01-15' }] }] })
      .expect(200);
    const goalId = drafted.body.goals[0].goalId as string;
    await request(server()).post(`${file}/plan/agreement`).set(await as('coach-noord-1')).send({ version: 1, agreedBy: [clientId, parentId], agreedOn: '2026-12-10' }).expect(200);

    // Evaluations 3 and 6 months after the referral; from 6 months a reason to continue.
    const evaluation = (heldOn: string, extra: Record<string, unknown> = {}) => ({ heldOn, goals: [{ goalId, progress: 'progressing' }], clientSatisfaction: 8, zrm: ZRM, conclusion: 'continue', ...extra });
    clock.set('2027-02-23');
    await request(server()).post(`${file}/evaluations`).set(await as('coach-noord-1')).send(evaluation('2027-02-23')).expect(201);
    clock.set('2027-05-24');
    expect((await request(server()).post(`${file}/evaluations`).set(await as('coach-noord-1')).send(evaluation('2027-05-24')).expect(422)).body.field).toBe('reasonToContinue');
    await request(server()).post(`${file}/evaluations`).set(await as('coach-noord-1')).send(evaluation('2027-05-24', { reasonToContinue: REASON })).expect(201);

    // 18-/18+ (seed 004): on the list, the question before the birthday, the handover warm and with consent.
    await eventually(async () => {
      const list = await request(server()).get('/case-planning/worklists/turning-18').set(await as('coach-noord-1')).expect(200);
      expect(list.body.items).toContainEqual(expect.objectContaining({ clientId, caseFileId }));
    });
    const transition = `${file}/transitions/${clientId}`;
    const asked = await request(server()).post(`${transition}/question`).set(await as('coach-noord-1')).send({ helpMustContinue: true, continuation: 'handover_to_adult_team' }).expect(200);
    expect(asked.body.question).toMatchObject({ beforeEighteenthBirthday: true });
    await request(server()).post(`${transition}/other-providers`).set(await as('coach-noord-1')).send({ none: true }).expect(200);
    const proposal = { adultTeamColleagueId: 'volwassenenteam-1', dataCategories: ['help_request', 'plan_of_approach'] };
    expect((await request(server()).post(`${transition}/warm-handover/proposal`).set(await as('coach-noord-1')).send(proposal).expect(200)).body).toMatchObject({ outcome: 'refused', denialReason: 'no_consent' });
    await request(server()).post('/consent/grants').set(await as('coach-noord-1')).send(consent(clientId, 'warm_handover', { organisation: 'volwassenenteam' }, ['help_request', 'plan_of_approach'], '2027-05-01', '2028-05-01')).expect(201);
    expect((await request(server()).post(`${transition}/warm-handover/proposal`).set(await as('coach-noord-1')).send(proposal).expect(200)).body).toMatchObject({ outcome: 'proposed' });
    await request(server()).post(`${transition}/warm-handover/conversation`).set(await as('coach-noord-1')).send({ heldOn: '2027-05-24', adultTeamColleagueId: 'volwassenenteam-1' }).expect(200);
    expect((await request(server()).post(`${transition}/warm-handover/completion`).set(await as('coach-noord-1')).expect(200)).body).toMatchObject({ outcome: 'completed' });

    // The adult-team colleague reads exactly what the consent covers: the help request and the plan, nothing else.
    const view = await request(server()).get(`${transition}/handover-view`).set(await as('volwassenenteam-1')).expect(200);
    expect(view.body.shown.plan).toMatchObject({ version: 1, goals: [{ goalId, text: GOAL }] });
    expect(view.body.shown.transition).toMatchObject({ continuation: 'handover_to_adult_team' });
    expect(view.body.withheld).toEqual(['other_providers']);
    for (const youthOnly of [file, `${file}/first-visit`, `${file}/network`, `${file}/evaluations`, `${file}/plan`, `${file}/timeline`])
      await request(server()).get(youthOnly).set(await as('volwassenenteam-1')).expect(403);

    // Case direction to the adult team, with the consent; then closure: goals reached, a waakvlam kept.
    await request(server()).post(`${file}/case-direction/transfers`).set(await as('coach-noord-1')).send({ toDirectorId: 'volwassenenteam-1', toDirectorKind: 'adult_team', reason: 'warm_handover', clientId }).expect(200);
    // seed 000: closing means informing JGZ, the GP and the parties involved: the school too.
    const uninformed = await request(server()).post(`${file}/closure`).set(await as('coach-noord-1')).send({ reason: 'goals_reached_closed', informed: ['jgz', 'huisarts'] }).expect(422);
    expect(uninformed.body).toMatchObject({ code: 'network_parties_to_be_informed', field: 'informed' });
    const closed = await request(server()).post(`${file}/closure`).set(await as('coach-noord-1')).send({ reason: 'goals_reached_waakvlam', waakvlam: { reviewOn: '2027-08-24' } }).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', waakvlam: { active: true, reviewOn: '2027-08-24' }, director: { directorId: 'volwassenenteam-1', directorKind: 'adult_team' } });

    // The history: every part of the file on one timeline; every public event within its schema and without the texts.
    const timeline = await request(server()).get(`${file}/timeline?pageSize=100`).set(await as('auditor-1')).expect(200);
    expect(new Set(timeline.body.items.map((entry: { part: string }) => entry.part))).toEqual(new Set(CASE_PLANNING_STREAMS));
    const events: RecordedEvent[] = [];
    for (const category of CASE_PLANNING_STREAMS) events.push(...(await collect(store.readStream(`casePlanning.${category}-${caseFileId}`))));
    const published = events.map((event) => casePlanningGateway.publish(event)).filter((event) => event !== undefined);
    expect(published.map((event) => event.type)).toEqual(
      expect.arrayContaining([
        'CaseFileOpened', 'CaseDirectorAssigned', 'FirstVisitHeld', 'NetworkPartyAdded', 'NetworkContactRefused', 'NetworkPartyContacted', 'PlanAgreed', 'EvaluationHeld',
        'TransitionQuestionRecorded', 'WarmHandoverRefused', 'WarmHandoverProposed', 'WarmHandoverCompleted', 'CaseDirectionTransferred', 'CaseFileClosed', 'WaakvlamStarted',
      ]),
    );
    const everything = JSON.stringify(published);
    for (const text of [GOAL, ACTION, REASON, YOUTH.name, YOUTH.birthDate]) expect(everything).not.toContain(text);
  });
});
