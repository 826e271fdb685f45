import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { casePlanningGateway } from '@wijkteam/case-planning';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { Clock } from '@wijkteam/runtime';
import { collect, eventually } from '@wijkteam/testing';
import request from 'supertest';
import { registerTeamNoord } from './support/case-files';
import { referralBody } from './support/referrals';
import { bootPlatform, devAuthorization } from './support/service-apps';

const ZRM = {
  financien: 3, dagbesteding: 4, tijdsbesteding: 4, huisvesting: 5, huiselijke_relaties: 2, geestelijke_gezondheid: 3, lichamelijke_gezondheid: 4,
  middelengebruik: 5, basale_adl: 5, instrumentele_adl: 4, sociaal_netwerk: 2, maatschappelijke_participatie: 3, justitie: 5,
};
// The clock is the test's: the overdue worklist is tested by moving it on.
let now = new Date();
const testClock = { now: () => now };
const today = () => now.toISOString().slice(0, 10);

/**
 * seed 000 end to end over HTTP on the platform: a referral accepted, the case file opened via the
 * bus, the first visit with its ETM recorded through the safety service, and the network analysis
 * whose contacts the consent service decides at the moment of the contact.
 */
describe('case planning: first visit and network analysis (embedded platform)', () => {
  let app: INestApplication;
  let store: EventStore;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-first-visit-'));
  const server = () => app.getHttpServer();

  beforeAll(async () => {
    app = await bootPlatform(dataDir, {}, { override: (builder) => builder.overrideProvider(Clock).useValue(testClock) });
    store = app.get(EVENT_STORE);
    as = devAuthorization(app);
    await registerTeamNoord(app.getHttpServer(), as);
  });

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** A referral of the noord team, accepted, and its case file open in case planning. */
  async function openCaseFile(): Promise<{ caseFileId: string; clientId: string }> {
    const created = await request(server()).post('/referrals').set(await as('front-office-1')).send(referralBody()).expect(201);
    const accepted = await request(server()).post(`/referrals/${created.body.referralId}/acceptance`).set(await as('coach-noord-1')).expect(200);
    const caseFileId = accepted.body.caseFileId as string;
    await eventually(async () => {
      await request(server()).get(`/case-files/${caseFileId}`).set(await as('coach-noord-1')).expect(200);
    });
    return { caseFileId, clientId: created.body.clientId as string };
  }

  const visit = (clientId: string, overrides: Record<string, unknown> = {}) => ({
    coachIds: ['coach-noord-1', 'coach-noord-2'],
    familyPresent: [clientId],
    location: 'home',
    explained: { wayOfWorking: true, privacy: true, complaintsProcedure: true },
    zrm: ZRM,
    etm: { score: 3, secondAssessorId: 'coach-noord-2' },
    safetyAnalysisNeeded: false,
    sisaSignalDiscussed: true,
    caseDirector: { directorId: 'coach-noord-1', directorKind: 'coach' },
    heldOn: today(),
    ...overrides,
  });

  it('referral → case file → first visit (ETM through safety) → network: a contact refused, consent granted, the contact permitted → completion', async () => {
    const { caseFileId, clientId } = await openCaseFile();
    const file = `/case-files/${caseFileId}`;

    const recorded = await request(server()).post(`${file}/first-visit`).set(await as('coach-noord-1')).send(visit(clientId)).expect(201);
    expect(recorded.headers.etag).toBe('"0"');
    expect(recorded.body.visit).toMatchObject({ atHome: true, zrmVersion: 'zrm-2017', onTime: true, etm: { score: 3, assessmentId: expect.any(String) } });
    const safety = await collect(store.readStream(`safety.assessment-${caseFileId}`));
    expect(safety.map((event) => event.type)).toEqual(['EtmAssessed']);
    expect(safety[0].data).toMatchObject({ assessmentId: recorded.body.visit.etm.assessmentId, score: 3, assessorId: 'coach-noord-1', secondAssessorId: 'coach-noord-2', clientId });
    const read = await request(server()).get(`${file}/first-visit`).set(await as('coach-noord-2')).expect(200);
    expect(read.body).toMatchObject({ status: 'held', clientId });
    const again = await request(server()).post(`${file}/first-visit`).set(await as('coach-noord-1')).send(visit(clientId)).expect(409);
    expect(again.body.code).toBe('first_visit_already_recorded');

    const jgz = await request(server()).post(`${file}/network/parties`).set(await as('coach-noord-1')).send({ party: 'jgz', role: 'youth_health_care', relevance: 'always_involved' }).expect(201);
    const jgzId = Object.keys(jgz.body.parties)[0];
    await request(server())
      .post(`${file}/network/parties`)
      .set(await as('coach-noord-1'))
      .set('If-Match', jgz.headers.etag as string)
      .send({ party: 'huisarts', role: 'general_practitioner', relevance: 'always_involved' })
      .expect(201);
    const contactBody = { clientId, dataCategories: ['help_request'] };
    const refused = await request(server()).post(`${file}/network/parties/${jgzId}/contacts`).set(await as('coach-noord-1')).send(contactBody).expect(200);
    expect(refused.body).toMatchObject({ outcome: 'refused', reason: 'no_consent', decisionId: expect.any(String) });
    expect(refused.body.network.parties[jgzId]).toMatchObject({ contacted: 0, refused: 1 });

    // The client signs the consent form: granted through the consent service's HTTP API.
    const grant = {
      clientId, subjectAge: 8, grantors: [{ relation: 'parent' }], purpose: 'network_analysis', recipient: { organisation: 'jgz' }, dataCategories: ['help_request'],
      period: { from: new Date(Date.now() - 60_000).toISOString(), until: new Date(Date.now() + 90 * 86_400_000).toISOString() }, evidence: { documentId: crypto.randomUUID() },
    };
    await request(server()).post('/consent/grants').set(await as('coach-noord-1')).send(grant).expect(201);
    const permitted = await request(server()).post(`${file}/network/parties/${jgzId}/contacts`).set(await as('coach-noord-1')).send(contactBody).expect(200);
    expect(permitted.body).toMatchObject({ outcome: 'contacted', reason: null });

    const completed = await request(server()).post(`${file}/network/completion`).set(await as('coach-noord-1')).send({ completedOn: today() }).expect(200);
    expect(completed.body).toMatchObject({ status: 'completed', completion: { completedOn: today(), onTime: true } });
    const network = await collect(store.readStream(`casePlanning.network-${caseFileId}`));
    expect(network.map((event) => event.type)).toEqual(['NetworkPartyAdded', 'NetworkPartyAdded', 'NetworkContactRefused', 'NetworkPartyContacted', 'NetworkAnalysisCompleted']);
    expect(network[2].data).toMatchObject({ denialReason: 'no_consent', decisionId: refused.body.decisionId });
    expect(network[3].data).toMatchObject({ decisionId: permitted.body.decisionId, consentId: expect.any(String) });
    // What the bus gets: every event passes its public schema; no ZRM score leaves the service.
    const visitEvents = await collect(store.readStream(`casePlanning.firstVisit-${caseFileId}`));
    const published = [...visitEvents, ...network].map((event) => casePlanningGateway.publish(event));
    expect(published.map((event) => event?.type)).toEqual(['FirstVisitHeld', 'NetworkPartyAdded', 'NetworkPartyAdded', 'NetworkContactRefused', 'NetworkPartyContacted', 'NetworkAnalysisCompleted']);
    expect(published[0]?.data).toMatchObject({ twoCoaches: true, atHome: true, zrmScored: true, etmAssessmentId: safety[0].data.assessmentId, etmScore: 3, onTime: true });
    expect(JSON.stringify(published[0]?.data)).not.toContain('financien');

    const log = await request(server()).get(`/clients/${clientId}/access-log`).set(await as('privacy-officer-1')).expect(200);
    await request(server()).get(`${file}/network`).set(await as('coach-noord-1')).expect(200);
    const after = await request(server()).get(`/clients/${clientId}/access-log`).set(await as('privacy-officer-1')).expect(200);
    expect(after.body.items.length).toBeGreaterThan(log.body.items.length);
    expect(after.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ part: 'first-visit', userId: 'coach-noord-2' }), expect.objectContaining({ part: 'network', userId: 'coach-noord-1' })]));
  });

  it('refuses bad input with 422 naming the field and appends nothing, also when safety refuses the ETM (four eyes)', async () => {
    const { caseFileId, clientId } = await openCaseFile();
    const file = `/case-files/${caseFileId}`;
    const before = await store.headPosition();
    const cases: [Record<string, unknown>, string][] = [
      [visit(clientId, { explained: { wayOfWorking: true, privacy: false, complaintsProcedure: true } }), 'explained.privacy'],
      [visit(clientId, { zrm: { ...ZRM, financien: 7 } }), 'zrm.financien'],
      [visit(clientId, { etm: { score: 5, secondAssessorId: 'coach-noord-2' } }), 'safetyAnalysisNeeded'],
      [visit(clientId, { etm: { score: 3, secondAssessorId: 'coach-noord-1' } }), 'etm.secondAssessorId'],
      [visit(clientId, { familyPresent: [crypto.randomUUID()] }), 'familyPresent.0'],
      [visit(clientId, { location: 'park' }), 'location'],
      [visit(clientId, { coachIds: [] }), 'coachIds'],
      [visit(clientId, { heldOn: '2999-01-01' }), 'heldOn'],
      [visit(clientId, { caseDirector: { directorId: 'coach-noord-1', directorKind: 'mayor' } }), 'caseDirector.directorKind'],
    ];
    for (const [body, field] of cases) {
      const response = await request(server()).post(`${file}/first-visit`).set(await as('coach-noord-1')).send(body);
      expect({ field, status: response.status, answered: response.body.field }).toEqual({ field, status: 422, answered: field });
    }
    const party = await request(server()).post(`${file}/network/parties`).set(await as('coach-noord-1')).send({ party: 'jgz', role: 'grandmother', relevance: 'always_involved' }).expect(422);
    expect(party.body.field).toBe('role');
    expect(await store.headPosition()).toBe(before);
    expect(await collect(store.readStream(`safety.assessment-${caseFileId}`))).toEqual([]);
    const incomplete = await request(server()).post(`${file}/network/completion`).set(await as('coach-noord-1')).send({ completedOn: today() }).expect(422);
    expect(incomplete.body.field).toBe('parties');
  });

  it("keeps the first visit and the network to the file's team (403), and refuses a stale If-Match (412)", async () => {
    const { caseFileId, clientId } = await openCaseFile();
    const file = `/case-files/${caseFileId}`;
    const other = await request(server()).post(`${file}/first-visit`).set(await as('coach-zuid-1')).send(visit(clientId)).expect(403);
    expect(other.body.code).toBe('other_team');
    await request(server()).post(`${file}/network/parties`).set(await as('coach-zuid-1')).send({ party: 'jgz', role: 'youth_health_care', relevance: 'always_involved' }).expect(403);
    await request(server()).get(`${file}/network`).set(await as('coach-zuid-1')).expect(403);
    await request(server()).get(`${file}/first-visit`).set(await as('coach-zuid-1')).expect(403);

    await request(server()).post(`${file}/first-visit`).set(await as('coach-noord-1')).set('If-Match', '"3"').send(visit(clientId)).expect(412);
    expect(await collect(store.readStream(`safety.assessment-${caseFileId}`))).toEqual([]);
    const first = await request(server()).post(`${file}/network/parties`).set(await as('coach-noord-1')).send({ party: 'jgz', role: 'youth_health_care', relevance: 'always_involved' }).expect(201);
    await request(server()).post(`${file}/network/parties`).set(await as('coach-noord-1')).send({ party: 'huisarts', role: 'general_practitioner', relevance: 'always_involved' }).expect(201);
    const stale = await request(server())
      .post(`${file}/network/parties`)
      .set(await as('coach-noord-1'))
      .set('If-Match', first.headers.etag as string)
      .send({ party: 'school', role: 'school', relevance: 'child_attends' })
      .expect(412);
    expect(stale.body.code).toBe('wrong_expected_version');
  });

  it("lists the team's case files whose first visit is overdue, each client shown logged, until the visit is held", async () => {
    const { caseFileId, clientId } = await openCaseFile();
    const overdue = async (userId: string) => {
      const page = await request(server()).get('/case-planning/worklists/overdue-first-visits?page=1&pageSize=100').set(await as(userId)).expect(200);
      return (page.body.items as { caseFileId: string; daysOverdue: number }[]).filter((item) => item.caseFileId === caseFileId);
    };
    await eventually(async () => expect(await overdue('coach-noord-1')).toEqual([]));
    now = new Date(now.getTime() + 15 * 86_400_000);
    await eventually(async () => expect(await overdue('coach-noord-1')).toEqual([expect.objectContaining({ caseFileId, clientId, daysOverdue: 1 })]));
    expect(await overdue('coach-zuid-1')).toEqual([]);
    await request(server()).get('/case-planning/worklists/overdue-first-visits?pageSize=500').set(await as('coach-noord-1')).expect(422);
    const log = await request(server()).get(`/clients/${clientId}/access-log`).set(await as('privacy-officer-1')).expect(200);
    expect(log.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ part: 'first-visit', userId: 'coach-noord-1', kind: 'accessed' })]));

    const late = await request(server()).post(`/case-files/${caseFileId}/first-visit`).set(await as('coach-noord-1')).send(visit(clientId)).expect(201);
    expect(late.body.visit).toMatchObject({ onTime: false, heldOn: today() });
    await eventually(async () => expect(await overdue('coach-noord-1')).toEqual([]));
  });
});
