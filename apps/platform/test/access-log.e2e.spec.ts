import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { eventually } from '@wijkteam/testing';
import request from 'supertest';
import { type OpenedCaseFile, openCaseFile, registerTeamNoord } from './support/case-files';
import { bootPlatform, devAuthorization } from './support/service-apps';

interface Listed {
  kind: 'accessed' | 'refused';
  service: string;
  part: string;
  userId: string;
  role: string;
  onBehalfOf: string | null;
  purpose?: string;
  reason?: string;
}

/**
 * NEN 7513 on the platform: every read of a client's file and every refused attempt, by every
 * service, in one "who saw my file" answer with who, when, which role, on whose behalf and the
 * outcome; reading that answer is itself logged.
 */
describe('the complete access log (embedded platform)', () => {
  let app: INestApplication;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  let file: OpenedCaseFile;
  let consentId: string;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-access-log-'));
  const server = () => app.getHttpServer();
  const accessLog = async (query = '?pageSize=100') =>
    (await request(server()).get(`/clients/${file.clientId}/access-log${query}`).set(await as('auditor-1')).expect(200)).body as { items: Listed[]; total: number; services: string[] };
  const summary = (entry: Listed) => `${entry.service}:${entry.kind}:${entry.part}:${entry.userId}:${entry.reason ?? entry.purpose}`;

  beforeAll(async () => {
    app = await bootPlatform(dataDir);
    as = devAuthorization(app);
    await registerTeamNoord(server(), as);
    file = await openCaseFile(server(), as);
    const granted = await request(server())
      .post('/consent/grants')
      .set(await as('coach-noord-1'))
      .send({
        clientId: file.clientId, subjectAge: 17, grantors: [{ relation: 'client' }], purpose: 'warm_handover', recipient: { organisation: 'volwassenenteam' }, dataCategories: ['help_request'],
        period: { from: new Date().toISOString(), until: new Date(Date.now() + 180 * 86_400_000).toISOString() }, evidence: { documentId: crypto.randomUUID() },
      })
      .expect(201);
    consentId = granted.body.consentId;
  });

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows the reads and refused attempts of every service, with role, on whose behalf and outcome; the auditor's read is logged too", async () => {
    const behalf = { 'x-on-behalf-of': 'coach-noord-2' };
    await request(server()).get(`/referrals/${file.referralId}`).set({ ...(await as('coach-noord-1')), ...behalf }).expect(200);
    await request(server()).get(`/case-files/${file.caseFileId}`).set(await as('coach-noord-1')).expect(200);
    await eventually(async () => {
      await request(server()).get(`/safety/${file.caseFileId}`).set(await as('coach-noord-1')).expect(200);
    });
    await request(server()).get(`/consent/clients/${file.clientId}/consents`).set(await as('coach-noord-1')).expect(200);
    // Another team's coach (team separation) and a partner without the route's role: both refused, both logged.
    const otherTeam = await request(server()).get(`/referrals/${file.referralId}`).set({ ...(await as('coach-zuid-1')), ...behalf }).expect(403);
    expect(otherTeam.body.code).toBe('other_team');
    await request(server()).get(`/consent/clients/${file.clientId}/consents`).set({ ...(await as('partner-jgz-1')), 'x-on-behalf-of': 'jgz-arts-7' }).expect(403);

    const log = await accessLog();
    expect([...log.services].sort()).toEqual(['case-planning', 'consent', 'intake', 'reporting', 'safety']);
    const entries = log.items.map(summary);
    expect(entries).toEqual(
      expect.arrayContaining([
        'intake:accessed:referral:coach-noord-1:care_delivery',
        'case-planning:accessed:case-file:coach-noord-1:case_direction',
        'safety:accessed:safety:coach-noord-1:safety_assessment',
        'consent:accessed:consent:coach-noord-1:care_delivery',
        'intake:refused:referral:coach-zuid-1:other_team',
        'consent:refused:consent:partner-jgz-1:role_not_allowed',
      ]),
    );
    expect(log.total).toBe(log.items.length);
    expect(log.items.find((entry) => entry.kind === 'accessed' && entry.service === 'intake')).toMatchObject({ role: 'coach', onBehalfOf: 'coach-noord-2', accessedAt: expect.any(String) });
    expect(log.items.find((entry) => entry.reason === 'other_team')).toMatchObject({ role: 'coach', organisation: 'wijkteam-zuid', onBehalfOf: 'coach-noord-2', refusedAt: expect.any(String) });
    expect(log.items.find((entry) => entry.reason === 'role_not_allowed')).toMatchObject({ role: 'partner', onBehalfOf: 'jgz-arts-7' });
    // Oldest first, over all services.
    const times = log.items.map((entry) => Date.parse((entry as unknown as { accessedAt?: string; refusedAt?: string }).accessedAt ?? (entry as unknown as { refusedAt: string }).refusedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const again = await accessLog();
    expect(again.items.map(summary)).toContain('intake:accessed:access-log:auditor-1:audit');
    expect(again.total).toBe(log.total + 1);
  });

  it('logs the four consent reads that logged nothing before: one consent, its FHIR view, a destruction request, an erasure record', async () => {
    await request(server()).get(`/consent/consents/${consentId}`).set(await as('coach-noord-1')).expect(200);
    await request(server()).get(`/consent/consents/${consentId}/fhir`).set(await as('auditor-1')).expect(200);
    const received = await request(server()).post('/privacy/destruction-requests').set(await as('privacy-officer-1')).send({ clientId: file.clientId, requester: 'youth', youthAge: 14 }).expect(201);
    await request(server()).get(`/privacy/destruction-requests/${received.body.requestId}`).set(await as('privacy-officer-1')).expect(200);
    await request(server()).post('/privacy/erasures').set(await as('privacy-officer-1')).send({ clientId: file.clientId, legalBasis: 'avg_art17_request', requestId: crypto.randomUUID() }).expect(201);
    await request(server()).get(`/privacy/erasures/${file.clientId}`).set(await as('auditor-1')).expect(200);

    const entries = (await accessLog()).items.map(summary);
    expect(entries).toEqual(
      expect.arrayContaining([
        'consent:accessed:consent:coach-noord-1:care_delivery',
        'consent:accessed:consent:auditor-1:care_delivery',
        'consent:accessed:privacy:privacy-officer-1:client_request',
        'consent:accessed:privacy:auditor-1:audit',
      ]),
    );
    expect(entries.filter((entry) => entry.startsWith('consent:accessed:consent:'))).toHaveLength(3);
  });

  it('pages the merged log, and refuses it to a coach (the attempt logged) and a bad page size (422)', async () => {
    const all = await accessLog();
    const second = await accessLog('?page=2&pageSize=3');
    expect(second).toMatchObject({ page: 2, pageSize: 3, total: all.total + 1 });
    expect(second.items.map(summary)).toEqual(all.items.slice(3, 6).map(summary));
    await request(server()).get(`/clients/${file.clientId}/access-log`).set(await as('coach-noord-1')).expect(403);
    await request(server()).get(`/clients/${file.clientId}/access-log?pageSize=101`).set(await as('auditor-1')).expect(422);
    const last = (await accessLog()).items.map(summary);
    expect(last).toContain('intake:refused:access-log:coach-noord-1:role_not_allowed');
  });
});
