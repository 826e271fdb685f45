import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { accessLogStreamOf, CLIENT_FILE_ACCESSED } from '@wijkteam/audit';
import { casePlanningGateway } from '@wijkteam/case-planning';
import { Clock } from '@wijkteam/contracts';
import { EVENT_STORE, type EventStore, type RecordedEvent, SqliteEventStore } from '@wijkteam/event-store';
import { collect, eventually } from '@wijkteam/testing';
import request from 'supertest';
import { registerTeamNoord } from './support/case-files';
import { referralBody } from './support/referrals';
import { bootPlatform, devAuthorization } from './support/service-apps';

/** A clock the test moves: the evaluations are 3 and 6 months after the referral. */
class MovableClock extends Clock {
  at = Date.parse('2026-03-02T09:00:00.000Z');
  now(): Date {
    return new Date(this.at);
  }
  set(instant: string): void {
    this.at = Date.parse(instant);
  }
}

const GOAL = 'Wij willen dat Noor weer naar school durft';
const ACTION = 'Moeder brengt Noor elke ochtend naar het hek';
const REVISED_GOAL = 'Noor gaat vier dagen per week naar school';
const REASON = 'Moeder wil de ochtendroutine nog drie maanden oefenen';
const ZRM = { financien: 3, dagbesteding: 2, tijdsbesteding: 3, huisvesting: 4, huiselijke_relaties: 2, geestelijke_gezondheid: 3, lichamelijke_gezondheid: 4, middelengebruik: 5, basale_adl: 5, instrumentele_adl: 4, sociaal_netwerk: 2, maatschappelijke_participatie: 3, justitie: 5 };

/**
 * The plan of approach (1 gezin 1 plan), specialist care with four eyes and the evaluations, over
 * HTTP on the embedded platform (seeds 000, 002, 003): the case file opens through the bus from an
 * accepted referral; the clock is the test's.
 */
describe('case planning: plan, specialist care, evaluations (platform)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'case-planning-plan-e2e-'));
  const clock = new MovableClock();
  let app: INestApplication;
  let store: EventStore;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  const server = () => app.getHttpServer();
  let caseFileId: string;
  let clientId: string;
  let parentId: string;
  /** A second family's file, with no plan at all. */
  let idleFileId: string;
  const streamOf = async (category: string) => collect(store.readStream(`casePlanning.${category}-${caseFileId}`));

  beforeAll(async () => {
    app = await bootPlatform(dataDir, {}, { override: (builder) => builder.overrideProvider(Clock).useValue(clock) });
    store = app.get(EVENT_STORE);
    as = devAuthorization(app);
    await registerTeamNoord(server(), as);
    const body = referralBody({ children: [{ person: { name: 'Noor Testkind', birthDate: '2015-04-04' } }], familyMembers: [{ relation: 'parent', person: { name: 'Moeder Test', birthDate: '1985-01-01' } }] });
    const created = await request(server()).post('/referrals').set(await as('front-office-1')).send(body).expect(201);
    clientId = created.body.clientId;
    parentId = created.body.familyMemberIds[0];
    const accepted = await request(server()).post(`/referrals/${created.body.referralId}/acceptance`).set(await as('coach-noord-1')).expect(200);
    caseFileId = accepted.body.caseFileId;
    await eventually(async () => {
      await request(server()).get(`/case-files/${caseFileId}`).set(await as('coach-noord-1')).expect(200);
    });
    const idle = await request(server()).post('/referrals').set(await as('front-office-1')).send(referralBody({}, { name: 'Stil Testkind', birthDate: '2016-06-06' })).expect(201);
    idleFileId = (await request(server()).post(`/referrals/${idle.body.referralId}/acceptance`).set(await as('coach-noord-1')).expect(200)).body.caseFileId;
    await request(server()).post(`/case-files/${caseFileId}/case-director`).set(await as('coach-noord-1')).send({ directorId: 'coach-noord-1', directorKind: 'coach', reason: 'case_conference' }).expect(200);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const plan = () => `/case-files/${caseFileId}/plan`;
  const goalsBody = (text: string, goalId?: string, actionId?: string) => ({
    goals: [
      {
        ...(goalId ? { goalId } : {}),
        text,
        actions: [
          { ...(actionId ? { actionId } : {}), performer: { kind: 'family', clientId: parentId }, what: ACTION, dueOn: '2026-04-01' },
          { performer: { kind: 'professional', partyCode: 'jgz' }, what: 'Gesprek met de jeugdverpleegkundige', dueOn: '2026-04-10' },
          { performer: { kind: 'professional', partyCode: 'ggz-noord' }, what: 'Intake angstklachten', dueOn: '2026-04-20' },
        ],
      },
    ],
  });

  it('plan: drafted, agreed (1G1P with two providers), revised, agreed again; a stale If-Match is 412', async () => {
    clock.set('2026-03-20T10:00:00.000Z');
    const drafted = await request(server()).post(plan()).set(await as('coach-noord-1')).send(goalsBody(GOAL)).expect(200);
    expect(drafted.body).toMatchObject({ version: 1, status: 'draft', due: '2026-04-13', goals: [{ text: GOAL, actions: [{ what: ACTION }, {}, {}] }] });
    const { goalId } = drafted.body.goals[0];
    const actionId = drafted.body.goals[0].actions[0].actionId;
    const etag = drafted.headers.etag as string;

    // Another team neither reads nor drafts.
    await request(server()).get(plan()).set(await as('coach-zuid-1')).expect(403);

    // seed 003: two professional providers, so the 1G1P meeting date is required; nothing appended.
    const refused = await request(server()).post(`${plan()}/agreement`).set(await as('coach-noord-1')).send({ version: 1, agreedBy: [parentId], agreedOn: '2026-03-20' }).expect(422);
    expect(refused.body.field).toBe('oneFamilyOnePlanMeetingOn');
    expect((await streamOf('plan')).map((event) => event.type)).toEqual(['PlanDrafted']);

    const agreement = { version: 1, agreedBy: [parentId], agreedOn: '2026-03-20', oneFamilyOnePlanMeetingOn: '2026-03-18', signedDocumentId: crypto.randomUUID() };
    const agreed = await request(server()).post(`${plan()}/agreement`).set(await as('coach-noord-1')).set('If-Match', etag).send(agreement).expect(200);
    expect(agreed.body).toMatchObject({ version: 1, status: 'agreed', agreedVersion: 1 });
    // The draft's ETag is stale now: a second writer deciding on it gets 412, and nothing is lost.
    await request(server()).post(plan()).set(await as('coach-noord-2')).set('If-Match', etag).send(goalsBody('Iets anders')).expect(412);

    clock.set('2026-04-02T10:00:00.000Z');
    const revised = await request(server())
      .post(`${plan()}/revisions`)
      .set(await as('coach-noord-1'))
      .set('If-Match', agreed.headers.etag as string)
      .send({ ...goalsBody(REVISED_GOAL, goalId, actionId), reason: 'goal_reached' })
      .expect(200);
    // The two provider actions were sent without ids: new actions, the old ones removed.
    expect(revised.body).toMatchObject({ version: 2, status: 'draft', agreedVersion: 1 });
    expect(revised.body.history).toEqual([
      expect.objectContaining({ version: 1, status: 'agreed', agreedOn: '2026-03-20' }),
      expect.objectContaining({ version: 2, status: 'draft', changes: ['goals_changed', 'actions_added', 'actions_removed'], reason: 'goal_reached' }),
    ]);
    await request(server()).post(`${plan()}/agreement`).set(await as('coach-noord-1')).send({ ...agreement, agreedOn: '2026-04-02' }).expect(422);
    await request(server()).post(`${plan()}/agreement`).set(await as('coach-noord-1')).send({ ...agreement, version: 2, agreedOn: '2026-04-02' }).expect(200);

    const read = await request(server()).get(plan()).set(await as('coach-noord-2')).expect(200);
    expect(read.body).toMatchObject({ version: 2, status: 'agreed', goals: [{ goalId, text: REVISED_GOAL }] });
    expect(read.body.history.map((entry: { version: number; status: string }) => [entry.version, entry.status])).toEqual([[1, 'agreed'], [2, 'agreed']]);
    expect(JSON.stringify(read.body.history)).not.toContain(GOAL);
    // The read is in the child's access log, as a read of the plan.
    const reads = (await collect(store.readStream(accessLogStreamOf('case-planning')(clientId)))).filter((event) => event.type === CLIENT_FILE_ACCESSED);
    expect(reads.map((event) => [event.data.userId, event.data.part])).toContainEqual(['coach-noord-2', 'plan']);
    expect((await streamOf('plan')).map((event) => event.type)).toEqual(['PlanDrafted', 'PlanAgreed', 'PlanRevised', 'PlanAgreed']);
  });

  it('specialist care: requested by the director, refused before both consultations, weighed by four eyes, decided; direction unchanged', async () => {
    const care = `/case-files/${caseFileId}/specialist-care`;
    await request(server()).post(care).set(await as('coach-noord-2')).send({ careType: 'jeugd_ggz' }).expect(403);
    const requested = await request(server()).post(care).set(await as('coach-noord-1')).send({ careType: 'jeugd_ggz' }).expect(201);
    const { requestId } = requested.body.requests[0];

    const early = await request(server()).post(`${care}/${requestId}/decision`).set(await as('coach-noord-1')).send({ outcome: 'approved' }).expect(422);
    expect(early.body.field).toBe('consultations');
    // The requester cannot be one of the four eyes.
    expect((await request(server()).post(`${care}/${requestId}/consultations`).set(await as('coach-noord-1')).expect(403)).body.code).toBe('requester_cannot_consult');
    await request(server()).post(`${care}/${requestId}/consultations`).set(await as('coach-noord-2')).send({ userId: 'someone-else', role: 'auditor' }).expect(201);
    const halfway = await request(server()).post(`${care}/${requestId}/decision`).set(await as('coach-noord-1')).send({ outcome: 'approved' }).expect(422);
    expect(halfway.body.field).toBe('consultations');
    await request(server()).post(`${care}/${requestId}/consultations`).set(await as('gedragswetenschapper-1')).expect(201);
    const decided = await request(server()).post(`${care}/${requestId}/decision`).set(await as('coach-noord-1')).send({ outcome: 'approved' }).expect(200);
    expect(decided.body.requests[0]).toMatchObject({
      outcome: 'approved',
      colleague: { userId: 'coach-noord-2', role: 'coach' },
      behaviouralScientist: { userId: 'gedragswetenschapper-1', role: 'behavioural-scientist' },
    });
    // The consultation records the token's user, not the body's.
    const consulted = (await streamOf('specialistCare')).filter((event) => event.type === 'SpecialistCareConsulted').map((event) => event.data.consultedBy);
    expect(consulted).toEqual(['coach-noord-2', 'gedragswetenschapper-1']);
    const file = await request(server()).get(`/case-files/${caseFileId}`).set(await as('coach-noord-1')).expect(200);
    expect(file.body.director).toMatchObject({ directorId: 'coach-noord-1', directorKind: 'coach' });
  });

  it('evaluations at 3 and 6 months: the 6-month one refused without a reason to continue, then accepted with one', async () => {
    const evaluations = `/case-files/${caseFileId}/evaluations`;
    const { goalId } = (await request(server()).get(plan()).set(await as('coach-noord-1')).expect(200)).body.goals[0];
    clock.set('2026-06-01T10:00:00.000Z');
    expect((await request(server()).get(evaluations).set(await as('coach-noord-1')).expect(200)).body.next).toEqual({ evaluationNumber: 1, due: '2026-06-02', overdue: false });
    const evaluation = { heldOn: '2026-06-01', goals: [{ goalId, progress: 'progressing' }], clientSatisfaction: 7, zrm: ZRM, conclusion: 'continue' };
    const unknownGoal = await request(server()).post(evaluations).set(await as('coach-noord-1')).send({ ...evaluation, goals: [{ goalId: crypto.randomUUID(), progress: 'achieved' }] }).expect(422);
    expect(unknownGoal.body.field).toBe('goals.0.goalId');
    const first = await request(server()).post(evaluations).set(await as('coach-noord-1')).send(evaluation).expect(201);
    expect(first.body).toMatchObject({ held: 1, next: { evaluationNumber: 2, due: '2026-09-02' } });

    clock.set('2026-09-02T10:00:00.000Z');
    const six = { ...evaluation, heldOn: '2026-09-02' };
    const refused = await request(server()).post(evaluations).set(await as('coach-noord-1')).send(six).expect(422);
    expect(refused.body.field).toBe('reasonToContinue');
    expect(await streamOf('evaluation')).toHaveLength(1);
    await request(server()).post(evaluations).set(await as('coach-noord-1')).set('If-Match', '"0"').send({ ...six, reasonToContinue: REASON }).expect(201);
    const held = await streamOf('evaluation');
    expect(held.map((event) => [event.data.evaluationNumber, event.data.onTime])).toEqual([[1, true], [2, true]]);
    expect(held[1].data.reasonToContinue).toBe(REASON);
  });

  it("worklists: the team's overdue plans and evaluations due, paged, each client shown access-logged", async () => {
    // 2 September: the idle file's plan was due 13 April, its first evaluation 2 June.
    const overdue = async (userId: string) => (await request(server()).get('/case-planning/worklists/overdue-plans?page=1&pageSize=10').set(await as(userId)).expect(200)).body;
    await eventually(async () => expect((await overdue('coach-noord-1')).items.map((item: { caseFileId: string }) => item.caseFileId)).toEqual([idleFileId]));
    expect((await overdue('coach-noord-1')).items[0]).toMatchObject({ planDue: '2026-04-13', planStatus: 'none', nextEvaluationNumber: 1, nextEvaluationDue: '2026-06-02' });
    await eventually(async () => {
      const due = (await request(server()).get('/case-planning/worklists/evaluations-due?withinDays=14').set(await as('coordinator-1')).expect(200)).body;
      // The planned family's next (third) evaluation is due 2 December: not within 14 days.
      expect(due).toMatchObject({ page: 1, pageSize: 50, total: 1, items: [{ caseFileId: idleFileId }] });
    });
    const later = (await request(server()).get('/case-planning/worklists/evaluations-due?withinDays=92').set(await as('coordinator-1')).expect(200)).body;
    expect(later.items.map((item: { caseFileId: string; nextEvaluationNumber: number }) => [item.caseFileId, item.nextEvaluationNumber])).toEqual([[idleFileId, 1], [caseFileId, 3]]);
    expect((await overdue('coach-zuid-1')).items).toEqual([]);
    await request(server()).get('/case-planning/worklists/overdue-plans?pageSize=101').set(await as('coach-noord-1')).expect(422);
    const idleClient = (await overdue('coach-noord-1')).items[0].clientId as string;
    const reads = (await collect(store.readStream(accessLogStreamOf('case-planning')(idleClient)))).filter((event) => event.type === CLIENT_FILE_ACCESSED && event.data.userId === 'coach-noord-1');
    expect(reads.length).toBeGreaterThanOrEqual(3);
  });

  it('keeps the texts and the ZRM scores out of the public events, and the texts unreadable at rest', async () => {
    const raw = SqliteEventStore.open(path.join(dataDir, 'events.db'));
    try {
      const published: string[] = [];
      const atRest: string[] = [];
      for await (const event of raw.readAll() as AsyncIterable<RecordedEvent>) {
        if (!event.streamName.startsWith('casePlanning.')) continue;
        atRest.push(JSON.stringify({ data: event.data, metadata: event.metadata }));
        const route = casePlanningGateway.routeOf(event);
        if (route) {
          const publicEvent = casePlanningGateway.publish(event, route);
          published.push(`${publicEvent?.type} ${JSON.stringify(publicEvent?.data)}`);
        }
      }
      const types = published.map((entry) => entry.split(' ')[0]);
      expect(types).toEqual(expect.arrayContaining(['PlanAgreed', 'PlanRevised', 'EvaluationHeld', 'SpecialistCareRequested', 'SpecialistCareDecided']));
      for (const text of [GOAL, ACTION, REVISED_GOAL, REASON]) {
        expect(published.join('\n')).not.toContain(text);
        expect(atRest.join('\n')).not.toContain(text);
      }
      expect(published.join('\n')).not.toContain('"zrm"');
      // The texts are there, sealed under the child's key.
      expect(atRest.filter((entry) => entry.includes('"pii"')).length).toBeGreaterThanOrEqual(4);
      expect(published.find((entry) => entry.startsWith('EvaluationHeld') && entry.includes('"evaluationNumber":2'))).toContain('"reasonToContinueGiven":true');
    } finally {
      await raw.close();
    }
  });
});
