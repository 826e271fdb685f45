import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { caseFileStream } from '@wijkteam/case-planning';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { collect, eventually } from '@wijkteam/testing';
import request from 'supertest';
import { openCaseFile, type OpenedCaseFile, registerTeamNoord } from './support/case-files';
import { referralBody, TEST_CHILD } from './support/referrals';
import { bootPlatform, devAuthorization } from './support/service-apps';

const GI = 'gi-jeugdbescherming-west';

/**
 * Issue 15: escalations (four eyes: proposed by one, confirmed by a second professional logged in,
 * resolved once; accepted by the GI, case planning moves case direction there), Verwijsindex risk
 * signals and the coach-safety flag, over HTTP and the in-process bus, on real case files only.
 */
describe('safety: escalations, risk signals, coach safety (embedded platform)', () => {
  let app: INestApplication;
  let store: EventStore;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-safety-escalation-'));
  const server = () => app.getHttpServer();
  const typesOf = async (stream: string) => (await collect(store.readStream(stream))).map((event) => event.type);

  /** A case file of team Noord that safety knows, directed by coach-noord-1. */
  async function knownFile(): Promise<OpenedCaseFile> {
    const file = await openCaseFile(server(), as);
    await eventually(async () => {
      await request(server()).get(`/safety/${file.caseFileId}`).set(await as('coach-noord-1')).expect(200);
    });
    await request(server()).post(`/case-files/${file.caseFileId}/case-director`).set(await as('coach-noord-1')).send({ directorId: 'coach-noord-1', directorKind: 'coach', reason: 'case_conference' }).expect(200);
    return file;
  }

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

  it('refuses an unknown case file (404 naming it) and bad input (422 naming the field), nothing appended', async () => {
    const unknown = crypto.randomUUID();
    const refused = await request(server()).post(`/safety/${unknown}/escalations`).set(await as('coach-noord-1')).send({ target: 'veilig_thuis', reason: 'acute_unsafety' }).expect(404);
    expect(refused.body).toMatchObject({ code: 'case_file_not_found', field: 'caseFileId' });
    expect(await typesOf(`safety.escalation-${unknown}`)).toEqual([]);

    const { caseFileId, clientId } = await knownFile();
    const escalations = `/safety/${caseFileId}/escalations`;
    const coach = await as('coach-noord-1');
    expect((await request(server()).post(escalations).set(coach).send({ target: 'jbp', reason: 'dwang_drang_needed' }).expect(422)).body).toMatchObject({ field: 'target' });
    expect((await request(server()).post(escalations).set(coach).send({ target: 'certified_institution', reason: 'dwang_drang_needed' }).expect(422)).body).toMatchObject({ code: 'receiving_party_required', field: 'receivingParty' });
    expect((await request(server()).post(escalations).set(coach).send({ target: 'certified_institution', reason: 'stagnation', receivingParty: GI }).expect(422)).body).toMatchObject({ code: 'reason_not_for_certified_institution', field: 'reason' });
    const signals = `/safety/${caseFileId}/risk-signals`;
    expect((await request(server()).post(signals).set(coach).send({ clientId, parentsInformed: false }).expect(422)).body).toMatchObject({ field: 'parentsNotInformedReason' });
    expect((await request(server()).post(signals).set(coach).send({ clientId: crypto.randomUUID(), parentsInformed: true }).expect(422)).body).toMatchObject({ code: 'not_a_child_of_the_case_file', field: 'clientId' });
    expect((await request(server()).post(`/safety/${caseFileId}/coach-safety`).set(coach).send({ reason: 'weapons', reviewOn: '2020-01-01' }).expect(422)).body).toMatchObject({ code: 'review_date_out_of_range', field: 'reviewOn' });
    await request(server()).post(escalations).set(await as('coach-zuid-1')).send({ target: 'veilig_thuis', reason: 'acute_unsafety' }).expect(403);
    for (const stream of ['escalation', 'riskSignal', 'coachSafety']) expect(await typesOf(`safety.${stream}-${caseFileId}`)).toEqual([]);
  });

  it('an escalation to the GI, raised with four eyes and accepted: case planning moves case direction to the GI on dwang/drang', async () => {
    const { caseFileId, clientId } = await knownFile();
    const escalations = `/safety/${caseFileId}/escalations`;
    const proposed = await request(server()).post(escalations).set(await as('coach-noord-1')).send({ target: 'certified_institution', reason: 'dwang_drang_needed', receivingParty: GI }).expect(201);
    const [escalation] = proposed.body.escalations;
    expect(escalation).toMatchObject({ status: 'proposed', target: 'certified_institution', receivingParty: GI, movesCaseDirection: true, raisedBy: 'coach-noord-1', raisedByRole: 'coach' });
    const again = await request(server()).post(escalations).set(await as('coach-noord-2')).send({ target: 'certified_institution', reason: 'no_cooperation_with_safety_concerns', receivingParty: GI }).expect(409);
    expect(again.body.code).toBe('escalation_open_for_target');

    // Four eyes: never the proposer; the second professional confirms it themselves.
    const alone = await request(server()).post(`${escalations}/${escalation.escalationId}/confirmation`).set(await as('coach-noord-1')).expect(403);
    expect(alone.body.code).toBe('four_eyes_required');
    const confirmed = await request(server()).post(`${escalations}/${escalation.escalationId}/confirmation`).set(await as('gedragswetenschapper-1')).expect(201);
    expect(confirmed.body.escalations[0]).toMatchObject({ status: 'raised', secondProfessionalId: 'gedragswetenschapper-1', secondProfessionalRole: 'behavioural-scientist' });

    await eventually(async () => {
      const worklist = await request(server()).get('/safety/worklists/escalations?pageSize=100').set(await as('coach-noord-2')).expect(200);
      expect(worklist.body.items).toContainEqual(expect.objectContaining({ escalationId: escalation.escalationId, caseFileId, clientId, status: 'raised', target: 'certified_institution' }));
    });
    const zuid = await request(server()).get('/safety/worklists/escalations').set(await as('coach-zuid-1')).expect(200);
    expect(zuid.body).toMatchObject({ items: [], total: 0 });

    const resolution = `${escalations}/${escalation.escalationId}/resolution`;
    await request(server()).post(resolution).set(await as('coach-noord-1')).set('If-Match', '"0"').send({ outcome: 'accepted' }).expect(412);
    await request(server()).post(resolution).set(await as('coach-noord-1')).send({ outcome: 'approved' }).expect(422);
    const accepted = await request(server()).post(resolution).set(await as('coach-noord-1')).set('If-Match', confirmed.headers.etag).send({ outcome: 'accepted' }).expect(200);
    expect(accepted.body.escalations[0]).toMatchObject({ status: 'resolved', outcome: 'accepted', resolvedBy: 'coach-noord-1' });
    expect((await request(server()).post(resolution).set(await as('coach-noord-2')).send({ outcome: 'declined' }).expect(409)).body.code).toBe('escalation_already_resolved');
    expect(await typesOf(`safety.escalation-${caseFileId}`)).toEqual(['EscalationProposed', 'EscalationRaised', 'EscalationResolved']);

    await eventually(async () => {
      const file = await request(server()).get(`/case-files/${caseFileId}`).set(await as('coach-noord-1')).expect(200);
      expect(file.body.director).toMatchObject({ directorId: GI, directorKind: 'certified_institution' });
      expect(file.body.directorHistory.at(-1)).toMatchObject({ directorId: GI, reason: 'dwang_drang', decision: 'consensus', decidedBy: 'coach-noord-1' });
    });
    expect(await typesOf(caseFileStream(caseFileId))).toEqual(['CaseFileOpened', 'CaseDirectorAssigned', 'CaseDirectionTransferred']);
    await eventually(async () => {
      const worklist = await request(server()).get('/safety/worklists/escalations?pageSize=100').set(await as('coach-noord-2')).expect(200);
      expect(worklist.body.items.map((item: { escalationId: string }) => item.escalationId)).not.toContain(escalation.escalationId);
    });
    const read = await request(server()).get(escalations).set(await as('coach-zuid-1')).expect(403);
    expect(read.body.code).toBe('other_team');
  });

  it('a Verwijsindex risk signal issued and withdrawn; a coach-safety flag set (intake answers coach_safety from it) and lifted', async () => {
    const { caseFileId, clientId } = await knownFile();
    const signals = `/safety/${caseFileId}/risk-signals`;
    const issued = await request(server()).post(signals).set(await as('coach-noord-1')).send({ clientId, parentsInformed: true }).expect(201);
    const [signal] = issued.body.signals;
    expect(signal).toMatchObject({ clientId, organisation: 'wijkteam-noord', parentsInformed: true, parentsNotInformedReason: null, active: true });
    await request(server()).post(signals).set(await as('coach-noord-2')).send({ clientId, parentsInformed: true }).expect(409);
    const withdrawn = await request(server()).post(`${signals}/${signal.signalId}/withdrawal`).set(await as('coach-noord-1')).send({ reason: 'concerns_resolved' }).expect(200);
    expect(withdrawn.body.signals[0]).toMatchObject({ active: false, withdrawalReason: 'concerns_resolved' });
    expect(await typesOf(`safety.riskSignal-${caseFileId}`)).toEqual(['RiskSignalIssued', 'RiskSignalWithdrawn']);

    const coachSafety = `/safety/${caseFileId}/coach-safety`;
    const reviewOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const flagged = await request(server()).post(coachSafety).set(await as('coach-noord-1')).send({ reason: 'threats_to_professionals', reviewOn }).expect(200);
    expect(flagged.body).toMatchObject({ flagged: true, reason: 'threats_to_professionals', reviewOn, clientIds: expect.arrayContaining([clientId]) });
    expect((await request(server()).get(coachSafety).set(await as('gedragswetenschapper-1')).expect(200)).body.flagged).toBe(true);

    // Intake: a new referral of a member of the flagged family meets the flag when it is assessed; the flag wins over the coach's answer.
    const again = await request(server())
      .post('/referrals')
      .set(await as('front-office-1'))
      .send(referralBody({ route: 'certified_institution', caseDirectionStaysWithReferrer: true, coachSafetyConcern: false, children: [{ clientId, person: TEST_CHILD }] }))
      .expect(201);
    expect(again.body.clientId).toBe(clientId);
    await eventually(async () => {
      const assessed = await request(server()).post(`/referrals/${again.body.referralId}/eligibility-assessment`).set(await as('coach-noord-1')).send({ answers: { adds_value: true, coach_safety: true } }).expect(200);
      expect(assessed.body.eligibility.conditions).toContainEqual({ condition: 'coach_safety', outcome: 'not_met', source: 'assessment' });
    });
    const assessment = (await collect(store.readStream(`intake.referral-${again.body.referralId}`))).filter((event) => event.type === 'EligibilityAssessed').at(-1);
    expect(assessment?.data).toMatchObject({ answers: { coach_safety: false }, coachSafetyFlag: { caseFileId, reason: 'threats_to_professionals' } });

    await request(server()).post(`${coachSafety}/lifting`).set(await as('coach-noord-2')).expect(200);
    expect(await typesOf(`safety.coachSafety-${caseFileId}`)).toEqual(['CoachSafetyFlagged', 'CoachSafetyFlagLifted']);
  });
});
