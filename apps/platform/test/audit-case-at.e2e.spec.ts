import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { eventually } from '@wijkteam/testing';
import request from 'supertest';
import { type OpenedCaseFile, openCaseFile, registerTeamNoord } from './support/case-files';
import { referralBody, TEST_CHILD } from './support/referrals';
import { bootPlatform, devAuthorization } from './support/service-apps';

interface Event {
  type: string;
  stream: string;
  revision: string;
  position: string;
  schemaVersion: number;
  recordedAt: string;
  actor: { userId: string; role: string; organisation: string };
  onBehalfOf: string | null;
  data: Record<string, unknown>;
  sealed: string[];
}
interface Part {
  service: string;
  streams: { stream: string; revision: string | null; state: Record<string, unknown>; sealed: string[] }[];
  events: Event[];
}
interface CaseAt {
  caseFileId: string;
  asOf: string;
  referralId: string;
  clients: { clientId: string; relation: string }[];
  services: Part[];
}

const PARENT = { name: 'Moeder Test', birthDate: '1985-01-01' };
const day = 24 * 60 * 60 * 1000;

/**
 * Point in time for the auditor (issue 16), end to end over HTTP and the in-process bus: a case
 * driven through decisions in time order (referral, acceptance, ETM, first director, consent,
 * transfer by the coordinator, closure), then asked at the moments between them. Each service
 * answers its own part from its own streams, folded by its own deciders.
 */
describe("the auditor's case at a moment (embedded platform)", () => {
  let app: INestApplication;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  let file: OpenedCaseFile;
  const moments: Record<'beforeReferral' | 'opened' | 'directed' | 'transferred' | 'closed', string> = {} as never;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-case-at-'));
  const server = () => app.getHttpServer();
  /** This instant, once the store's millisecond clock has passed it: what is decided next is recorded after it. */
  const moment = async (): Promise<string> => {
    const at = new Date();
    while (Date.now() <= at.getTime()) await new Promise((resolve) => setImmediate(resolve));
    return at.toISOString();
  };
  const caseAt = async (asOf?: string, headers: Record<string, string> = {}): Promise<CaseAt> => {
    const query = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';
    return (await request(server()).get(`/audit/case-files/${file.caseFileId}${query}`).set({ ...(await as('auditor-1')), ...headers }).expect(200)).body as CaseAt;
  };
  const part = (view: CaseAt, service: string) => view.services.find((candidate) => candidate.service === service) as Part;
  const stateOf = (view: CaseAt, service: string, category: string) => part(view, service).streams.find((stream) => stream.stream.startsWith(`${category}-`)) as Part['streams'][number];
  const typesOf = (view: CaseAt, service: string) => part(view, service).events.map((event) => event.type);

  beforeAll(async () => {
    app = await bootPlatform(dataDir);
    as = devAuthorization(app);
    await registerTeamNoord(server(), as);
    moments.beforeReferral = await moment();
    file = await openCaseFile(server(), as, { familyMembers: [{ relation: 'parent', person: PARENT }] });
    moments.opened = await moment();

    const coach = await as('coach-noord-1');
    await eventually(async () => {
      await request(server()).post(`/safety/${file.caseFileId}/etm-assessments`).set(coach).send({ clientId: file.clientId, score: 3, reasons: ['parental_capacity'], secondAssessorId: 'coach-noord-2' }).expect(201);
    });
    await request(server()).post(`/case-files/${file.caseFileId}/case-director`).set(coach).send({ directorId: 'coach-noord-1', directorKind: 'coach', reason: 'case_conference' }).expect(200);
    moments.directed = await moment();

    await request(server())
      .post('/consent/grants')
      .set(coach)
      .send({
        clientId: file.clientId, subjectAge: 10, grantors: [{ relation: 'parent' }], purpose: 'network_analysis', recipient: { organisation: 'jgz' }, dataCategories: ['help_request'],
        period: { from: new Date(Date.now() - day).toISOString(), until: new Date(Date.now() + 90 * day).toISOString() }, evidence: { documentId: crypto.randomUUID() },
      })
      .expect(201);
    await request(server())
      .post(`/case-files/${file.caseFileId}/case-direction/transfers`)
      .set(await as('coordinator-1'))
      .send({ toDirectorId: 'coach-noord-2', toDirectorKind: 'coach', reason: 'expertise', decision: 'coordinator_decision', onBehalfOf: 'coach-noord-1' })
      .expect(200);
    moments.transferred = await moment();

    await request(server()).post(`/case-files/${file.caseFileId}/closure`).set(coach).send({ reason: 'goals_reached_closed', informed: ['jgz', 'huisarts'] }).expect(200);
    moments.closed = await moment();
  });

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('before the referral: every service answers, with nothing recorded yet', async () => {
    const view = await caseAt(moments.beforeReferral);
    expect(view).toMatchObject({ caseFileId: file.caseFileId, asOf: moments.beforeReferral, referralId: file.referralId });
    expect(view.services.map(({ service }) => service)).toEqual(['case-planning', 'intake', 'safety', 'consent']);
    for (const { events, streams } of view.services) {
      expect(events).toEqual([]);
      expect(streams.every(({ revision }) => revision === null)).toBe(true);
    }
    expect(stateOf(view, 'case-planning', 'casePlanning.caseFile').state).toMatchObject({ status: 'none' });
    expect(stateOf(view, 'intake', 'intake.referral').state).toEqual({ status: 'none' });
  });

  it("after the opening: the referral accepted at intake, the file open in case planning, each event with who caused it; names sealed", async () => {
    const view = await caseAt(moments.opened);
    expect(view.clients).toEqual([
      { clientId: file.clientId, relation: 'child' },
      { clientId: file.familyMemberIds[0], relation: 'family_member' },
    ]);
    const referral = stateOf(view, 'intake', 'intake.referral');
    expect(referral.state).toMatchObject({ status: 'accepted', caseFileId: file.caseFileId, route: 'jgz', client: { $pii: true }, helpQuestion: { $pii: true } });
    expect(referral.sealed).toEqual(expect.arrayContaining(['client', 'referrer', 'helpQuestion', 'children.0.person', 'familyMembers.0.person']));
    const received = part(view, 'intake').events.find((event) => event.type === 'ReferralReceived') as Event;
    expect(received).toMatchObject({ stream: `intake.referral-${file.referralId}`, revision: '0', schemaVersion: 1, actor: { userId: 'front-office-1', role: 'front-office' }, sealed: expect.arrayContaining(['client', 'referrer', 'helpQuestion']) });
    expect(part(view, 'intake').events.find((event) => event.type === 'ReferralAccepted')).toMatchObject({ actor: { userId: 'coach-noord-1', role: 'coach' }, data: { caseFileId: file.caseFileId } });
    expect(stateOf(view, 'case-planning', 'casePlanning.caseFile')).toMatchObject({ revision: '0', state: { status: 'open', referralId: file.referralId, teamId: 'wijkteam-noord' } });
    expect(typesOf(view, 'case-planning')).toEqual(['CaseFileOpened']);
    expect(typesOf(view, 'safety')).toEqual([]);
    for (const { events } of view.services) for (const event of events) expect(Date.parse(event.recordedAt)).toBeLessThanOrEqual(Date.parse(moments.opened));
    // The auditor checks decisions, not contents: no name, birth date or referrer's words in the answer.
    expect(JSON.stringify(view)).not.toMatch(new RegExp([TEST_CHILD.name, TEST_CHILD.birthDate, PARENT.name, 'Petra Verwijs', String(referralBody().helpQuestion)].join('|')));
  });

  it('after the first director: the ETM assessed with four eyes at safety, the director on the file', async () => {
    const view = await caseAt(moments.directed);
    expect(stateOf(view, 'case-planning', 'casePlanning.caseFile').state).toMatchObject({ status: 'open', director: { directorId: 'coach-noord-1', directorKind: 'coach' } });
    expect(part(view, 'case-planning').events.at(-1)).toMatchObject({ type: 'CaseDirectorAssigned', actor: { userId: 'coach-noord-1' }, data: { reason: 'case_conference' } });
    const assessed = part(view, 'safety').events.find((event) => event.type === 'EtmAssessed') as Event;
    expect(assessed).toMatchObject({ stream: `safety.assessment-${file.caseFileId}`, actor: { userId: 'coach-noord-1', role: 'coach' }, data: { score: 3, secondAssessorId: 'coach-noord-2' } });
    expect(stateOf(view, 'safety', 'safety.assessment').revision).not.toBeNull();
    expect(typesOf(view, 'consent')).toEqual([]);
  });

  it("after the coordinator's transfer: the new director, decided by the coordinator on the coach's behalf; the consent granted", async () => {
    const view = await caseAt(moments.transferred);
    expect(stateOf(view, 'case-planning', 'casePlanning.caseFile').state).toMatchObject({ status: 'open', director: { directorId: 'coach-noord-2' } });
    expect(part(view, 'case-planning').events.at(-1)).toMatchObject({
      type: 'CaseDirectionTransferred',
      actor: { userId: 'coordinator-1', role: 'team-coordinator' },
      data: { fromDirectorId: 'coach-noord-1', toDirectorId: 'coach-noord-2', reason: 'expertise', decision: 'coordinator_decision', onBehalfOf: 'coach-noord-1' },
    });
    expect(part(view, 'consent').events).toEqual([expect.objectContaining({ type: 'ConsentGranted', stream: `consent.consent-${file.clientId}`, actor: expect.objectContaining({ userId: 'coach-noord-1' }), data: expect.objectContaining({ purpose: 'network_analysis' }) })]);
    expect(stateOf(view, 'case-planning', 'casePlanning.caseFile').state).not.toHaveProperty('closure');
  });

  it('after the closure, and without asOf (now): closed with its reason; the events in the store order', async () => {
    for (const view of [await caseAt(moments.closed), await caseAt()]) {
      expect(stateOf(view, 'case-planning', 'casePlanning.caseFile').state).toMatchObject({ status: 'closed', closure: { reason: 'goals_reached_closed' } });
      expect(typesOf(view, 'case-planning')).toEqual(['CaseFileOpened', 'CaseDirectorAssigned', 'CaseDirectionTransferred', 'CaseFileClosed']);
      const positions = part(view, 'case-planning').events.map(({ position }) => BigInt(position));
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    }
  });

  it('refuses a malformed or future asOf with 400 naming it, an unknown case file with 404, a coach with 403', async () => {
    const auditor = await as('auditor-1');
    for (const asOf of ['gisteren', '2026-02-30', '2026-02-30T10:00:00Z', '2026-03-01T10:00:00', new Date(Date.now() + day).toISOString()]) {
      const refused = await request(server()).get(`/audit/case-files/${file.caseFileId}?asOf=${encodeURIComponent(asOf)}`).set(auditor).expect(400);
      expect(refused.body).toMatchObject({ field: 'asOf', code: expect.stringMatching(/^(invalid_as_of|as_of_in_future)$/) });
    }
    expect((await request(server()).get(`/audit/case-files/${file.caseFileId}?asOf=${encodeURIComponent(new Date(Date.now() + day).toISOString())}`).set(auditor).expect(400)).body.code).toBe('as_of_in_future');
    expect((await request(server()).get(`/audit/case-files/${crypto.randomUUID()}`).set(auditor).expect(404)).body.code).toBe('case_file_not_found');
    expect((await request(server()).get('/audit/case-files/not-a-uuid').set(auditor).expect(400)).body.field).toBe('caseFileId');
    await request(server()).get(`/audit/case-files/${file.caseFileId}`).set({ ...(await as('coach-noord-1')), 'x-on-behalf-of': 'coach-noord-2' }).expect(403);
  });

  it("records the auditor's read, on whose behalf, in the access log of every client of the case, and the coach's refused attempt", async () => {
    await caseAt(moments.opened, { 'x-on-behalf-of': 'inspectie-jgz-1' });
    for (const clientId of [file.clientId, file.familyMemberIds[0]]) {
      const log = (await request(server()).get(`/clients/${clientId}/access-log?pageSize=100`).set(await as('auditor-1')).expect(200)).body as { items: Record<string, unknown>[] };
      expect(log.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'accessed', service: 'reporting', part: 'case-file', purpose: 'audit', userId: 'auditor-1', role: 'auditor', onBehalfOf: 'inspectie-jgz-1' }),
          expect.objectContaining({ kind: 'refused', service: 'reporting', part: 'case-file', reason: 'role_not_allowed', userId: 'coach-noord-1', role: 'coach', onBehalfOf: 'coach-noord-2' }),
        ]),
      );
    }
  });
});
