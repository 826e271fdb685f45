import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { collect, eventually } from '@wijkteam/testing';
import request from 'supertest';
import { openCaseFile, registerTeamNoord } from './support/case-files';
import { bootPlatform, devAuthorization } from './support/service-apps';

/**
 * Issue 15, first rule: safety acts only on case files case planning opened (its own projection of
 * case planning's events), of the caller's team, with a real colleague as the second professional.
 */
describe('safety: only real case files, only real colleagues (embedded platform)', () => {
  let app: INestApplication;
  let store: EventStore;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-safety-'));
  const server = () => app.getHttpServer();
  const assessmentsOf = async (caseFileId: string) => (await collect(store.readStream(`safety.assessment-${caseFileId}`))).map((event) => event.type);

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

  it('refuses a case file case planning never opened: 404 naming it, nothing appended', async () => {
    for (const caseFileId of ['00000000-0000-0000-0000-000000000000', crypto.randomUUID()]) {
      const refused = await request(server()).post(`/safety/${caseFileId}/etm-assessments`).set(await as('coach-noord-1')).send({ clientId: crypto.randomUUID(), score: 5, reasons: ['physical_safety'], secondAssessorId: 'coach-noord-2' }).expect(404);
      expect(refused.body).toMatchObject({ code: 'case_file_not_found', field: 'caseFileId' });
      expect(await assessmentsOf(caseFileId)).toEqual([]);
      await request(server()).get(`/safety/${caseFileId}`).set(await as('coach-noord-1')).expect(404);
    }
  });

  it('assesses a real case file of the team with a real colleague; refuses the caller twice, a free string, another team', async () => {
    const { caseFileId, clientId } = await openCaseFile(server(), as);
    const safety = `/safety/${caseFileId}`;
    await eventually(async () => {
      const known = await request(server()).get(safety).set(await as('coach-noord-1')).expect(200);
      expect(known.body).toMatchObject({ caseFileId, clientId, assessments: 0, safetyPlanRequired: false });
    });
    const assess = (by: { Authorization: string }, body: Record<string, unknown>) => request(server()).post(`${safety}/etm-assessments`).set(by).send({ clientId, score: 5, reasons: ['physical_safety'], secondAssessorId: 'coach-noord-2', ...body });
    const coach = await as('coach-noord-1');
    expect((await assess(coach, { secondAssessorId: 'coach-noord-1' }).expect(422)).body).toMatchObject({ code: 'four_eyes_required', field: 'secondAssessorId' });
    expect((await assess(coach, { secondAssessorId: 'iemand-anders' }).expect(422)).body).toMatchObject({ code: 'second_professional_unknown', field: 'secondAssessorId' });
    // The adult-team colleague is no Jeugdteam colleague for a youth file's safety decision.
    expect((await assess(coach, { secondAssessorId: 'volwassenenteam-1' }).expect(422)).body).toMatchObject({ code: 'second_professional_unknown', field: 'secondAssessorId' });
    expect((await assess(coach, { clientId: crypto.randomUUID() }).expect(422)).body).toMatchObject({ code: 'client_not_on_case_file', field: 'clientId' });
    expect((await assess(await as('coach-zuid-1'), {}).expect(403)).body.code).toBe('other_team');
    await request(server()).get(safety).set(await as('coach-zuid-1')).expect(403);
    expect(await assessmentsOf(caseFileId)).toEqual([]);

    const assessed = await assess(coach, {}).expect(201);
    expect(assessed.body).toMatchObject({ latestScore: 5, safetyPlanRequired: true });
    expect(await assessmentsOf(caseFileId)).toEqual(['EtmAssessed', 'SafetyPlanRequired']);
  });

  it('takes no safety decision on a closed file: 409, nothing appended; reading it stays possible', async () => {
    const { caseFileId, clientId } = await openCaseFile(server(), as);
    await request(server()).post(`/case-files/${caseFileId}/closure`).set(await as('coach-noord-1')).send({ reason: 'goals_reached_closed', informed: ['jgz', 'huisarts'] }).expect(200);
    await eventually(async () => {
      expect((await request(server()).get(`/safety/${caseFileId}`).set(await as('coach-noord-1')).expect(200)).body.caseFileId).toBe(caseFileId);
      const refused = await request(server()).post(`/safety/${caseFileId}/etm-assessments`).set(await as('coach-noord-1')).send({ clientId, score: 3, secondAssessorId: 'coach-noord-2', reasons: ['parental_capacity'] }).expect(409);
      expect(refused.body.code).toBe('case_file_closed');
    });
    expect(await assessmentsOf(caseFileId)).toEqual([]);
  });
});
