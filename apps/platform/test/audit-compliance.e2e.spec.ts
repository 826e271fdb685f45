import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { caseFileStream } from '@wijkteam/case-planning';
import { consentStream, disclosureStream } from '@wijkteam/consent';
import { streamOf } from '@wijkteam/contracts';
import { EVENT_STORE, type EventStore, type JsonObject } from '@wijkteam/event-store';
import { IdGenerator } from '@wijkteam/runtime';
import { collect, eventually } from '@wijkteam/testing';
import request from 'supertest';
import { openCaseFile, registerTeamNoord } from './support/case-files';
import { bootPlatform, devAuthorization } from './support/service-apps';

const CHECKS = [
  'disclosure_without_ground',
  'warm_handover_without_consent',
  'meldcode_without_four_eyes',
  'direction_change_without_reason',
  'first_visit_overdue',
  'plan_overdue',
  'consent_used_after_withdrawal',
];
const day = 86_400_000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString();
const meldcodeStream = streamOf('safety', 'meldcode');

/**
 * Issue 16, compliance checks from the history, on the embedded platform: a clean run over the real
 * routes (the deciders refuse every violation) finds nothing; violating events appended straight
 * into the services' store (a buggy release, a direct edit), published by the relays, are found
 * with the events that show them.
 */
describe('compliance checks (embedded platform)', () => {
  let app: INestApplication;
  let store: EventStore;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-compliance-'));
  const server = () => app.getHttpServer();
  const compliance = async (route: string, { userId = 'auditor-1', accept = 'application/json', status = 200 } = {}) =>
    request(server()).get(`/audit/compliance${route}`).set(await as(userId)).set('Accept', accept).expect(status);
  const counts = async () => Object.fromEntries((await compliance('/summary')).body.checks.map(({ check, count }: { check: string; count: number }) => [check, count]));
  const idOf = async (stream: string, type: string, matches: (data: Record<string, unknown>) => boolean = () => true) =>
    (await collect(store.readStream(stream))).find((event) => event.type === type && matches(event.data as Record<string, unknown>))!.id;

  let file: { caseFileId: string; clientId: string };
  let consentId: string;
  let deniedDecisionId: string;

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

  it('a clean run over the real routes finds nothing: every check listed with zero', async () => {
    file = await openCaseFile(server(), as);
    const { caseFileId, clientId } = file;
    const coach = await as('coach-noord-1');
    const colleague = await as('coach-noord-2');

    // Case direction: the first director, then a transfer on its reason.
    await request(server()).post(`/case-files/${caseFileId}/case-director`).set(coach).send({ directorId: 'coach-noord-1', directorKind: 'coach', reason: 'case_conference' }).expect(200);
    await request(server()).post(`/case-files/${caseFileId}/case-direction/transfers`).set(coach).send({ toDirectorId: 'coach-noord-2', toDirectorKind: 'coach', reason: 'capacity' }).expect(200);

    // The Meldcode, four eyes on the consultation, the weighing and the decision.
    await eventually(async () => {
      await request(server()).get(`/safety/${caseFileId}`).set(coach).expect(200);
    });
    const meldcode = `/safety/${caseFileId}/meldcode`;
    await request(server()).post(`${meldcode}/trajectories`).set(coach).send({}).expect(201);
    await request(server()).post(`${meldcode}/steps/1`).set(coach).send({ signals: ['neglect'] }).expect(201);
    await request(server()).post(`${meldcode}/steps/2`).set(coach).send({ consultedId: 'coach-noord-2', veiligThuisAdvice: false }).expect(201);
    await request(server()).post(`${meldcode}/steps/3`).set(coach).send({ notHeldReason: 'unsafe_to_talk' }).expect(201);
    const answers = { suspicion_of_violence: true, acute_or_structural_unsafety: false, can_organise_help: true, family_accepts_help: true, help_leads_to_safety: true };
    await request(server()).post(`${meldcode}/steps/4`).set(coach).send({ answers }).expect(201);
    await request(server()).post(`${meldcode}/steps/4/confirmation`).set(colleague).expect(200);
    await request(server()).post(`${meldcode}/steps/5`).set(coach).send({ outcome: 'organise_help' }).expect(201);
    await request(server()).post(`${meldcode}/steps/5/confirmation`).set(colleague).expect(200);

    // Consent: granted, a disclosure decided on it and recorded; one asked without consent, denied; then the consent withdrawn.
    const scope = { clientId, recipient: { organisation: 'jgz' }, purpose: 'network_analysis', dataCategories: ['help_request'] };
    const granted = await request(server()).post('/consent/grants').set(coach)
      .send({ ...scope, subjectAge: 13, grantors: [{ relation: 'client' }, { relation: 'parent' }], period: { from: iso(-1), until: iso(90) }, evidence: { documentId: crypto.randomUUID() } })
      .expect(201);
    consentId = granted.body.consentId;
    let permitId = '';
    await eventually(async () => {
      const decided = await request(server()).post('/consent/decisions').set(coach).send(scope).expect(201);
      expect(decided.body).toMatchObject({ outcome: 'permit' });
      permitId = decided.body.decisionId;
    });
    await request(server()).post('/consent/disclosures').set(coach).send({ ...scope, decisionId: permitId }).expect(201);
    const denied = await request(server()).post('/consent/decisions').set(coach).send({ ...scope, recipient: { organisation: 'school' } }).expect(201);
    expect(denied.body).toMatchObject({ outcome: 'deny' });
    deniedDecisionId = denied.body.decisionId;
    await request(server()).post(`/consent/consents/${consentId}/withdrawal`).set(coach).send({ withdrawnBy: 'client', reason: 'client_wishes' }).expect(200);

    // Nothing found (the next test shows reporting has read all of it: what follows in each publisher's order is found).
    await eventually(async () => expect(await counts()).toEqual(Object.fromEntries(CHECKS.map((check) => [check, 0]))));
    expect((await compliance('')).body).toEqual({ check: null, team: null, from: null, to: null, findings: [] });
  }, 60_000);

  it('finds violations written into the store behind the deciders, each with the events as evidence, and nothing else', async () => {
    const { caseFileId, clientId } = file;
    const ids = app.get(IdGenerator);
    const now = new Date().toISOString();
    const metadata = { occurredAt: now, actor: { userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord' }, correlationId: ids.next(), schemaVersion: 1 };
    const stored = (type: string, data: JsonObject) => ({ id: ids.next(), type, data, metadata });
    const scope = { clientId, recipient: { organisation: 'jgz', role: null }, purpose: 'network_analysis', dataCategories: ['help_request'] };
    const onConsent = { kind: 'consent', consentId, legalGround: null, safetyDecisionId: null };

    // consent: information disclosed on the denied decision (naming a ground it never had); a permit on the withdrawn consent.
    const careAllocation = { kind: 'legal_ground', consentId: null, legalGround: 'jeugdwet_care_allocation', safetyDecisionId: null };
    const disclosed = stored('DisclosureRecorded', { ...scope, recipient: { organisation: 'school', role: null }, disclosureId: ids.next(), decisionId: deniedDecisionId, basis: careAllocation, disclosedAt: now });
    const permitted = stored('DisclosureDecided', { ...scope, decisionId: ids.next(), outcome: 'permit', basis: onConsent, denialReason: null, decidedAt: now });
    await store.appendToStream(disclosureStream(clientId), [disclosed, permitted], { expectedRevision: 'any' });
    // safety: a Meldcode decision confirmed by the one who took it.
    const alone = stored('MeldcodeDecisionTaken', {
      caseFileId, clientId, trajectoryId: ids.next(), decisionId: ids.next(), outcome: 'report_to_veilig_thuis',
      decidedBy: 'coach-noord-1', decidedByRole: 'coach', secondProfessionalId: 'coach-noord-1', secondProfessionalRole: 'coach', decidedAt: now,
    });
    await store.appendToStream(meldcodeStream(caseFileId), [alone], { expectedRevision: 'any' });
    // case planning: direction changed by a second assignment; a transfer to the adult team without the consent decision.
    const reassigned = stored('CaseDirectorAssigned', { caseFileId, directorId: 'coach-noord-1', directorKind: 'coach', previousDirectorId: 'coach-noord-2', reason: 'capacity', assignedAt: now });
    const toAdults = stored('CaseDirectionTransferred', {
      caseFileId, fromDirectorId: 'coach-noord-1', fromDirectorKind: 'coach', toDirectorId: 'volwassenenteam-1', toDirectorKind: 'adult_team', reason: 'warm_handover',
      decision: 'consensus', decidedBy: 'coach-noord-1', decidedByRole: 'coach', onBehalfOf: null, consentDecisionId: null, transferredAt: now,
    });
    await store.appendToStream(caseFileStream(caseFileId), [reassigned, toAdults], { expectedRevision: 'any' });

    const shown = (eventId: string, type: string) => ({ eventId, type, at: expect.any(String) });
    const transfer = await idOf(caseFileStream(caseFileId), 'CaseDirectionTransferred', (data) => data.reason === 'capacity');
    const denial = await idOf(disclosureStream(clientId), 'DisclosureDecided', (data) => data.decisionId === deniedDecisionId);
    const grant = await idOf(consentStream(clientId), 'ConsentGranted');
    const withdrawal = await idOf(consentStream(clientId), 'ConsentWithdrawn');
    const finding = (check: string, detail: string, evidence: object[]) => ({ check, detail, team: 'wijkteam-noord', at: expect.any(String), due: null, evidence });
    const expected = [
      finding('direction_change_without_reason', 'changed_without_transfer', [shown(transfer, 'CaseDirectionTransferred'), shown(reassigned.id, 'CaseDirectorAssigned')]),
      finding('warm_handover_without_consent', 'no_consent_decision', [shown(toAdults.id, 'CaseDirectionTransferred')]),
      finding('meldcode_without_four_eyes', 'same_professional', [shown(alone.id, 'MeldcodeDecisionTaken')]),
      finding('disclosure_without_ground', 'no_permit', [shown(denial, 'DisclosureDecided'), shown(disclosed.id, 'DisclosureRecorded')]),
      finding('consent_used_after_withdrawal', 'consent_withdrawn', [shown(grant, 'ConsentGranted'), shown(withdrawal, 'ConsentWithdrawn'), shown(permitted.id, 'DisclosureDecided')]),
    ];
    const byCheck = (findings: { check: string }[]) => [...findings].sort((a, b) => CHECKS.indexOf(a.check) - CHECKS.indexOf(b.check));
    await eventually(async () => expect(byCheck((await compliance('')).body.findings)).toEqual(byCheck(expected)), 20_000);

    expect(await counts()).toEqual({ ...Object.fromEntries(CHECKS.map((check) => [check, 0])), direction_change_without_reason: 1, warm_handover_without_consent: 1, meldcode_without_four_eyes: 1, disclosure_without_ground: 1, consent_used_after_withdrawal: 1 });
    const onlyMeldcode = await compliance('?check=meldcode_without_four_eyes&team=wijkteam-noord');
    expect(onlyMeldcode.body).toMatchObject({ check: 'meldcode_without_four_eyes', team: 'wijkteam-noord', findings: [expected[2]] });
    expect((await compliance('?team=wijkteam-zuid')).body.findings).toEqual([]);
    expect((await compliance(`?to=${iso(-1).slice(0, 10)}`)).body.findings).toEqual([]);

    // A finding names codes, a team, times and event ids: never the client or the case file.
    const body = JSON.stringify((await compliance('')).body);
    expect(body).not.toContain(clientId);
    expect(body).not.toContain(caseFileId);

    const csv = await compliance('?check=meldcode_without_four_eyes', { accept: 'text/csv' });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, row, end] = csv.text.split('\r\n');
    expect([header, end]).toEqual(['check,detail,team,at,due,evidence', '']);
    expect(row).toMatch(new RegExp(`^meldcode_without_four_eyes,same_professional,wijkteam-noord,[^,]+,,MeldcodeDecisionTaken ${alone.id} \\S+$`));
    expect((await compliance('/summary', { accept: 'text/csv' })).text).toContain('\r\nmeldcode_without_four_eyes,1\r\n');
  }, 60_000);

  it('is for auditors only, refuses asOf with 400, and a bad filter with 422 naming the field', async () => {
    await compliance('', { userId: 'coach-noord-1', status: 403 });
    await compliance('/summary', { userId: 'coordinator-1', status: 403 });
    await request(server()).get('/audit/compliance').expect(401);
    expect((await compliance('?asOf=2026-01-01', { status: 400 })).body).toMatchObject({ code: 'as_of_not_supported', field: 'asOf' });
    for (const [query, field] of [['?check=everything', 'check'], ['?from=2026-13-01', 'from'], ['?to=20260301', 'to'], ['?team=Noord%20Team', 'team'], ['?from=2026-04-01&to=2026-03-01', 'to']]) {
      const response = await compliance(query, { status: 422 });
      expect({ query, field: response.body.field }).toEqual({ query, field });
    }
  });
});
