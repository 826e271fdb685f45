import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SafetyDecisions } from '@wijkteam/consent';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { RAW_EVENT_STORE } from '@wijkteam/runtime';
import { safetyGateway } from '@wijkteam/safety';
import { collect, eventually } from '@wijkteam/testing';
import request from 'supertest';
import { openCaseFile, registerTeamNoord } from './support/case-files';
import { bootPlatform, devAuthorization } from './support/service-apps';

/**
 * Issue 15: the Meldcode on a real case file, five steps in order, steps 4 and 5 confirmed by a
 * second professional logged in themselves; its decision is the legal ground consent accepts for
 * a disclosure without consent, and only that decision.
 */
describe('safety: the Meldcode and the legal ground it gives (embedded platform)', () => {
  let app: INestApplication;
  let store: EventStore;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-meldcode-'));
  const server = () => app.getHttpServer();
  const eventsOf = async (caseFileId: string) => (await collect(store.readStream(`safety.meldcode-${caseFileId}`))).map((event) => event.type);
  const answers = { suspicion_of_violence: true, acute_or_structural_unsafety: true, can_organise_help: false, family_accepts_help: false, help_leads_to_safety: false };

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

  const knownCaseFile = async () => {
    const file = await openCaseFile(server(), as);
    await eventually(async () => {
      await request(server()).get(`/safety/${file.caseFileId}`).set(await as('coach-noord-1')).expect(200);
    });
    return file;
  };

  it('five steps in order, 4 and 5 confirmed by a colleague; the decision permits a disclosure, a made-up one does not', async () => {
    const { caseFileId, clientId } = await knownCaseFile();
    const meldcode = `/safety/${caseFileId}/meldcode`;
    const coach = await as('coach-noord-1');
    const colleague = await as('coach-noord-2');

    const started = await request(server()).post(`${meldcode}/trajectories`).set(coach).send({}).expect(201);
    expect(started.body).toMatchObject({ caseFileId, clientId, status: 'open', nextStep: 1 });
    await request(server()).post(`${meldcode}/steps/1`).set(coach).set('If-Match', started.headers.etag).send({ signals: ['domestic_violence_witnessed', 'statement_by_child'], note: 'Kind vertelt over geschreeuw thuis' }).expect(201);
    await request(server()).post(`${meldcode}/steps/2`).set(coach).send({ consultedId: 'coach-noord-2', veiligThuisAdvice: true, veiligThuisAdviceOn: new Date().toISOString().slice(0, 10) }).expect(201);
    await request(server()).post(`${meldcode}/steps/3`).set(coach).send({ notHeldReason: 'unsafe_to_talk' }).expect(201);
    await request(server()).post(`${meldcode}/steps/4`).set(coach).send({ answers }).expect(201);
    // Four eyes: the recorder cannot confirm their own weighing; a colleague of the team can.
    expect((await request(server()).post(`${meldcode}/steps/4/confirmation`).set(coach).expect(422)).body).toMatchObject({ code: 'four_eyes_required', field: 'confirmedBy' });
    await request(server()).post(`${meldcode}/steps/4/confirmation`).set(colleague).expect(200);
    const proposed = await request(server()).post(`${meldcode}/steps/5`).set(coach).send({ outcome: 'both' }).expect(201);
    expect(proposed.body).toMatchObject({ nextStep: 5, awaitingConfirmation: { step: 5, recordedBy: 'coach-noord-1' } });
    const decided = await request(server()).post(`${meldcode}/steps/5/confirmation`).set(colleague).expect(200);
    expect(decided.body).toMatchObject({ status: 'decided', decision: { outcome: 'both' } });
    expect(decided.body.steps.map((step: { step: number; secondProfessionalId: string | null }) => [step.step, step.secondProfessionalId])).toEqual([
      [1, null],
      [2, 'coach-noord-2'],
      [3, null],
      [4, 'coach-noord-2'],
      [5, 'coach-noord-2'],
    ]);
    const { decisionId } = decided.body.decision as { decisionId: string };

    const stored = await collect(store.readStream(`safety.meldcode-${caseFileId}`));
    expect(stored.map((event) => event.type)).toEqual([
      'MeldcodeTrajectoryStarted',
      'MeldcodeSignalsMapped',
      'MeldcodeColleagueConsulted',
      'MeldcodeClientTalkRecorded',
      'MeldcodeWeighed',
      'MeldcodeStepConfirmed',
      'MeldcodeDecisionProposed',
      'MeldcodeStepConfirmed',
      'MeldcodeDecisionTaken',
    ]);
    expect(stored.at(-1)?.data).toMatchObject({ caseFileId, clientId, decisionId, outcome: 'both', decidedBy: 'coach-noord-1', secondProfessionalId: 'coach-noord-2', secondProfessionalRole: 'coach' });
    // The note is sealed under the child's key: the row names the sealed path, never the words.
    expect(stored[1].metadata.pii).toMatchObject({ paths: ['note'] });
    expect(JSON.stringify(stored[1].metadata)).not.toContain('geschreeuw');

    // What leaves safety: five completed steps and the decision, codes and ids only (from the raw, sealed rows).
    const published: string[] = [];
    for await (const event of app.get<EventStore>(RAW_EVENT_STORE).readStream(`safety.meldcode-${caseFileId}`)) {
      const publicEvent = safetyGateway.publish(event);
      if (publicEvent) published.push(`${publicEvent.type} ${(publicEvent.data as { step?: number }).step ?? ''}`.trim());
      expect(JSON.stringify(publicEvent?.data ?? {})).not.toMatch(/note|geschreeuw|answers/);
    }
    expect(published).toEqual(['MeldcodeStepCompleted 1', 'MeldcodeStepCompleted 2', 'MeldcodeStepCompleted 3', 'MeldcodeStepCompleted 4', 'MeldcodeStepCompleted 5', 'MeldcodeDecisionTaken']);

    const ask = (safetyDecisionId: string) =>
      request(server())
        .post('/consent/decisions')
        .set(coach)
        .send({ clientId, recipient: { organisation: 'veilig-thuis' }, purpose: 'information_exchange', dataCategories: ['safety_concerns'], legalGround: { ground: 'child_safety_meldcode', safetyDecisionId } })
        .expect(201);
    // Consent learns of the decision from the bus: wait for its read model, not for a permit.
    await eventually(async () => expect(await app.get(SafetyDecisions, { strict: false }).find(decisionId)).toMatchObject({ clientId, caseFileId, outcome: 'both' }));
    expect((await ask(decisionId)).body).toMatchObject({ outcome: 'permit', basis: { kind: 'legal_ground', legalGround: 'child_safety_meldcode', safetyDecisionId: decisionId } });
    expect((await ask(crypto.randomUUID())).body).toMatchObject({ outcome: 'deny', denialReason: 'legal_ground_not_applicable' });

    const log = await request(server()).get(`/consent/clients/${clientId}/disclosures`).set(await as('auditor-1')).expect(200);
    expect(log.body.decisions[0]).toMatchObject({ outcome: 'permit', basis: { safetyDecisionId: decisionId }, safetyDecision: { caseFileId, outcome: 'both' } });

    // One trajectory at a time, but a new one may start after the decision.
    await request(server()).post(`${meldcode}/trajectories`).set(coach).send({}).expect(201);
    expect((await request(server()).post(`${meldcode}/trajectories`).set(coach).send({}).expect(409)).body.code).toBe('meldcode_trajectory_open');
  });

  it('a step out of order is 409 naming the step expected; bad input 422 naming the field; nothing appended', async () => {
    const { caseFileId } = await knownCaseFile();
    const meldcode = `/safety/${caseFileId}/meldcode`;
    const coach = await as('coach-noord-1');
    await request(server()).post(`${meldcode}/trajectories`).set(coach).send({}).expect(201);
    const before = await eventsOf(caseFileId);

    const skipped = await request(server()).post(`${meldcode}/steps/3`).set(coach).send({ notHeldReason: 'unsafe_to_talk' }).expect(409);
    expect(skipped.body).toMatchObject({ code: 'meldcode_step_out_of_order', field: 'steps.1' });
    expect((await request(server()).post(`${meldcode}/steps/4/confirmation`).set(await as('coach-noord-2')).expect(409)).body).toMatchObject({ code: 'meldcode_step_out_of_order', field: 'steps.1' });
    expect((await request(server()).post(`${meldcode}/steps/1`).set(coach).send({ signals: ['bruises'] }).expect(422)).body).toMatchObject({ field: 'signals' });
    expect((await request(server()).post(`${meldcode}/steps/1`).set(coach).send({}).expect(422)).body).toMatchObject({ field: 'signals' });
    expect((await request(server()).post(`${meldcode}/steps/2/confirmation`).set(coach).expect(422)).body).toMatchObject({ code: 'step_needs_no_confirmation', field: 'step' });
    expect((await request(server()).post(`${meldcode}/steps/1`).set(await as('coach-zuid-1')).send({ signals: ['neglect'] }).expect(403)).body.code).toBe('other_team');
    expect(await eventsOf(caseFileId)).toEqual(before);

    // A stale If-Match is 412, and appends nothing either.
    const current = await request(server()).get(`${meldcode}/current`).set(coach).expect(200);
    await request(server()).post(`${meldcode}/steps/1`).set(coach).send({ signals: ['neglect'] }).expect(201);
    await request(server()).post(`${meldcode}/steps/2`).set(coach).set('If-Match', current.headers.etag).send({ consultedId: 'coach-noord-2', veiligThuisAdvice: false }).expect(412);
    expect((await request(server()).post(`${meldcode}/steps/2`).set(coach).send({ consultedId: 'coach-noord-1', veiligThuisAdvice: false }).expect(422)).body).toMatchObject({ code: 'four_eyes_required', field: 'consultedId' });
    expect(await eventsOf(caseFileId)).toEqual([...before, 'MeldcodeSignalsMapped']);

    // The team's worklist shows the open trajectory at step 2; another team's does not.
    await eventually(async () => {
      const page = await request(server()).get('/safety/worklists/meldcode?pageSize=100').set(coach).expect(200);
      expect(page.body.items).toContainEqual(expect.objectContaining({ caseFileId, currentStep: 2, awaitingConfirmation: false }));
    });
    const zuid = await request(server()).get('/safety/worklists/meldcode').set(await as('coach-zuid-1')).expect(200);
    expect(zuid.body.items.map((item: { caseFileId: string }) => item.caseFileId)).not.toContain(caseFileId);
    expect((await request(server()).get('/safety/worklists/meldcode?pageSize=0').set(coach).expect(422)).body.field).toBe('pageSize');
  });
});
