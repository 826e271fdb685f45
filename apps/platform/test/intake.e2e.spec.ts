import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { CareHistory, IntakeModule } from '@wijkteam/intake';
import { eventually, findPersonalData } from '@wijkteam/testing';
import request from 'supertest';
import { referralBody } from './support/referrals';
import { bootPlatform, devAuthorization } from './support/service-apps';

/** Every file under a directory (the SQLite files and their WAL journals), as one text to scan. */
function filesAsText(directory: string): string {
  return fs
    .readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name)))
    .map((bytes) => `${bytes.toString('utf8')}\n${bytes.toString('latin1')}`)
    .join('\n');
}

const CHILD = { name: 'Sanne de Vries', birthDate: '2014-05-12', bsn: '111222333' };
const SIBLING = { name: 'Bram de Vries', birthDate: '2017-02-01' };
const PARENT = { name: 'José de Vries-Bakker', birthDate: '1985-03-04' };

/**
 * Intake end to end over HTTP and the in-process bus (issue 13): a family's referral with its care
 * history found again by keyed hash only (BSN, or name + birth date), eligibility by route with the
 * team's assessment, team separation, canonical ids, and every field of bad input refused by name.
 */
describe('intake (embedded platform)', () => {
  let app: INestApplication;
  let store: EventStore;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-intake-'));
  const server = () => app.getHttpServer();
  const careHistory = () => app.select(IntakeModule).get(CareHistory);

  beforeAll(async () => {
    app = await bootPlatform(dataDir);
    store = app.get(EVENT_STORE);
    as = devAuthorization(app);
  });

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const family = (overrides: Record<string, unknown> = {}) =>
    referralBody({ children: [{ person: CHILD }, { person: SIBLING }], familyMembers: [{ relation: 'parent', person: PARENT }], themes: ['opvoeding'], ...overrides });

  it('finds a family again by BSN and by name + birth date, with the earlier outcome, and stores neither in the clear', async () => {
    const first = await request(server()).post('/referrals').set(await as('front-office-1')).send(family()).expect(201);
    expect(first.body).toMatchObject({ status: 'received', teamId: 'wijkteam-noord', careHistory: [] });
    expect(first.body.childIds).toHaveLength(2);
    expect(first.body.familyMemberIds).toHaveLength(1);
    const accepted = await request(server()).post(`/referrals/${first.body.referralId}/acceptance`).set(await as('coach-noord-1')).expect(200);
    await eventually(async () => {
      await request(server()).get(`/case-files/${accepted.body.caseFileId}`).set(await as('coach-noord-1')).expect(200);
      // The index follows the store: wait until it holds the first referral as accepted.
      expect(await careHistory().check([CHILD])).toEqual([expect.objectContaining({ referralId: first.body.referralId, status: 'accepted', caseFileStatus: 'open' })]);
    });

    // The same child by BSN under another spelling; the parent by name + birth date (case and accents do not matter).
    const byBsn = await request(server())
      .post('/referrals')
      .set(await as('front-office-1'))
      .send(referralBody({ children: [{ person: { ...CHILD, name: 'S. de Vries' } }] }))
      .expect(201);
    expect(byBsn.body.careHistory).toEqual([
      { referralId: first.body.referralId, matchedOn: 'bsn', status: 'accepted', receivedAt: expect.any(String), caseFileId: accepted.body.caseFileId, caseFileStatus: 'open' },
    ]);
    const byName = await request(server())
      .post('/referrals')
      .set(await as('front-office-1'))
      .send(referralBody({ children: [{ person: { name: 'Tim Anders', birthDate: '2019-01-01' } }], familyMembers: [{ relation: 'parent', person: { name: 'jose de vries bakker', birthDate: PARENT.birthDate } }] }))
      .expect(201);
    expect(byName.body.careHistory).toEqual([expect.objectContaining({ referralId: first.body.referralId, matchedOn: 'name_birth_date' })]);
    // The check itself is an event, with what was found, not who.
    const checked = (await collect(store.readStream(`intake.referral-${byName.body.referralId}`))).find((event) => event.type === 'CareHistoryChecked');
    expect(checked?.data).toEqual({ referralId: byName.body.referralId, matches: byName.body.careHistory, checkedAt: expect.any(String) });
    const unrelated = await request(server()).post('/referrals').set(await as('front-office-1')).send(referralBody({ children: [{ person: { name: 'Ander Kind', birthDate: '2015-06-06' } }] })).expect(201);
    expect(unrelated.body.careHistory).toEqual([]);

    // Read the raw files: no BSN, name or birth date of the family anywhere at rest (events, index, keys, inbox).
    const atRest = filesAsText(dataDir);
    expect(findPersonalData(atRest, [CHILD.bsn, CHILD.name, SIBLING.name, PARENT.name, 'jose de vries bakker', CHILD.birthDate, SIBLING.birthDate, PARENT.birthDate])).toEqual([]);
    expect(atRest).toContain('care_history_keys');
  });

  it("an erasure takes the client's entries out of the care-history index", async () => {
    const child = { name: 'Vera Wissel', birthDate: '2013-09-09', bsn: '123456782' };
    const created = await request(server()).post('/referrals').set(await as('front-office-1')).send(referralBody({ children: [{ person: child }] })).expect(201);
    await eventually(async () => expect(await careHistory().check([child])).toHaveLength(1));
    await request(server()).post('/privacy/erasures').set(await as('privacy-officer-1')).send({ clientId: created.body.clientId, legalBasis: 'avg_art17_request', requestId: crypto.randomUUID() }).expect(201);
    await eventually(async () => expect(await careHistory().check([child])).toEqual([]), 20_000);
  });

  it("accepts only when every condition of the route is met, with the team's assessment for what only the team can judge", async () => {
    const created = await request(server())
      .post('/referrals')
      .set(await as('front-office-1'))
      .send(referralBody({ route: 'gosa', etmIndication: undefined, caseDirectionStaysWithReferrer: true, coachSafetyConcern: false }))
      .expect(201);
    const { referralId } = created.body;
    const before = await request(server()).get(`/referrals/${referralId}/eligibility`).set(await as('coach-noord-1')).expect(200);
    expect(before.body).toMatchObject({ route: 'gosa', result: 'undetermined', rulesVersion: expect.any(String) });
    expect(before.body.conditions).toEqual(
      expect.arrayContaining([
        { condition: 'adds_value', outcome: 'unknown', source: 'referral' },
        { condition: 'coach_safety', outcome: 'met', source: 'referral' },
      ]),
    );
    const early = await request(server()).post(`/referrals/${referralId}/acceptance`).set(await as('coach-noord-1')).expect(422);
    expect(early.body).toMatchObject({ code: 'eligibility_unknown', field: 'adds_value' });

    const bad = await request(server()).post(`/referrals/${referralId}/eligibility-assessment`).set(await as('coach-noord-1')).send({ answers: { adds_valu: true } }).expect(422);
    expect(bad.body.field).toBe('answers');
    const assessed = await request(server()).post(`/referrals/${referralId}/eligibility-assessment`).set(await as('coach-noord-1')).send({ answers: { adds_value: true } }).expect(200);
    expect(assessed.body.eligibility).toMatchObject({ result: 'eligible' });
    await request(server()).post(`/referrals/${referralId}/acceptance`).set(await as('coach-noord-1')).expect(200);
    const accepted = (await collect(store.readStream(`intake.referral-${referralId}`))).find((event) => event.type === 'ReferralAccepted');
    expect(accepted?.data).toMatchObject({ rulesVersion: before.body.rulesVersion, conditions: expect.arrayContaining([{ condition: 'adds_value', outcome: 'met', source: 'assessment' }]) });
  });

  it('keeps referrals to their team: another team gets 403, an upper-case id names the same referral', async () => {
    const created = await request(server()).post('/referrals').set(await as('front-office-1')).send(referralBody()).expect(201);
    const { referralId } = created.body as { referralId: string };
    await request(server()).get(`/referrals/${referralId}`).set(await as('coach-zuid-1')).expect(403);
    const refused = await request(server()).post(`/referrals/${referralId}/waitlist`).set(await as('coach-zuid-1')).expect(403);
    expect(refused.body.code).toBe('other_team');
    const upper = await request(server()).get(`/referrals/${referralId.toUpperCase()}`).set(await as('coach-noord-1')).expect(200);
    expect(upper.body.referralId).toBe(referralId);
    await request(server()).post(`/referrals/${referralId.toUpperCase()}/waitlist`).set(await as('coach-noord-1')).expect(200);
    expect(await collect(store.readStream(`intake.referral-${referralId.toUpperCase()}`))).toEqual([]);

    const clientId = crypto.randomUUID();
    const known = await request(server()).post('/referrals').set(await as('front-office-1')).send(referralBody({ children: [{ clientId: clientId.toUpperCase(), person: { name: 'Hoofd Letter', birthDate: '2012-02-02' } }] })).expect(201);
    expect(known.body.clientId).toBe(clientId);
  });

  it("keeps the case file to the team that accepted the referral: another team's read and decision get 403, and the refusal is logged", async () => {
    const created = await request(server()).post('/referrals').set(await as('front-office-1')).send(referralBody()).expect(201);
    const accepted = await request(server()).post(`/referrals/${created.body.referralId}/acceptance`).set(await as('coach-noord-1')).expect(200);
    const file = `/case-files/${accepted.body.caseFileId}`;
    await eventually(async () => {
      const read = await request(server()).get(file).set(await as('coach-noord-1')).expect(200);
      expect(read.body).toMatchObject({ teamId: 'wijkteam-noord', childIds: [created.body.clientId], familyMemberIds: [] });
    });
    const refused = await request(server()).get(file).set(await as('coach-zuid-1')).expect(403);
    expect(refused.body.code).toBe('other_team');
    await request(server()).post(`${file}/closure`).set(await as('coach-zuid-1')).send({ reason: 'goals_reached_closed', informed: ['jgz', 'huisarts'] }).expect(403);
    await request(server()).get(file).set(await as('volwassenenteam-1')).expect(403);
    const log = await request(server()).get(`/clients/${created.body.clientId}/access-log`).set(await as('privacy-officer-1')).expect(200);
    expect(log.body.items.filter((entry: { kind: string; part: string }) => entry.kind === 'refused' && entry.part === 'case-file')).toEqual([
      expect.objectContaining({ userId: 'coach-zuid-1', reason: 'other_team' }),
      expect.objectContaining({ userId: 'coach-zuid-1', reason: 'other_team' }),
    ]);
    await request(server()).get(file).set(await as('auditor-1')).expect(200);
  });

  it('refuses bad input of every field with 422 naming it, echoing nothing, appending nothing', async () => {
    const before = await store.headPosition();
    const person = { name: 'Geheime Naam', birthDate: '2015-01-01' };
    const cases: [Record<string, unknown>, string][] = [
      [referralBody({ channel: 'pigeon' }), 'channel'],
      [referralBody({ route: 'school' }), 'route'],
      [referralBody({ route: 'de_escalation' }), 'deEscalationFrom'],
      [referralBody({ deEscalationFrom: 'bjz' }), 'deEscalationFrom'],
      [referralBody({ children: [] }), 'children'],
      [referralBody({ children: Array.from({ length: 13 }, () => ({ person })) }), 'children'],
      [referralBody({ children: [{ clientId: 'Geheime Naam', person }] }), 'children.0.clientId'],
      [referralBody({ children: [{}] }), 'children.0.person'],
      [referralBody({ children: [{ person: { ...person, name: '' } }] }), 'children.0.person.name'],
      [referralBody({ children: [{ person: { ...person, birthDate: '01-01-2015' } }] }), 'children.0.person.birthDate'],
      [referralBody({ children: [{ person: { ...person, birthDate: '1990-01-01' } }] }), 'children.0.person.birthDate'],
      [referralBody({ children: [{ person: { ...person, bsn: '123456789' } }] }), 'children.0.person.bsn'],
      [referralBody({ familyMembers: [{ relation: 'neighbour', person }] }), 'familyMembers.0.relation'],
      [referralBody({ familyMembers: [{ relation: 'parent', person: { name: 42 } }] }), 'familyMembers.0.person.name'],
      [referralBody({ referrer: undefined }), 'referrer'],
      [referralBody({ referrer: { organisation: 'School', role: 'mentor' } }), 'referrer.contact'],
      [referralBody({ helpQuestion: '' }), 'helpQuestion'],
      [referralBody({ helpQuestion: 'x'.repeat(4001) }), 'helpQuestion'],
      [referralBody({ themes: ['astrologie'] }), 'themes'],
      [referralBody({ etmIndication: 0 }), 'etmIndication'],
      [referralBody({ intellectualDisability: 'ja' }), 'intellectualDisability'],
      [referralBody({ warmHandover: 'yes' }), 'warmHandover'],
      [referralBody({ clientConsented: 1 }), 'clientConsented'],
      [referralBody({ inCareWith: 'jeugdzorg' }), 'inCareWith'],
      [referralBody({ caseDirectionStaysWithReferrer: 'x' }), 'caseDirectionStaysWithReferrer'],
      [referralBody({ coachSafetyConcern: 'x' }), 'coachSafetyConcern'],
      [referralBody({ bsn: '111222333' }), 'bsn'],
    ];
    for (const [body, field] of cases) {
      const response = await request(server()).post('/referrals').set(await as('front-office-1')).send(body);
      expect({ field, status: response.status, answered: response.body.field }).toEqual({ field, status: 422, answered: field });
      expect(findPersonalData(JSON.stringify(response.body), ['Geheime Naam', '111222333', '01-01-2015'])).toEqual([]);
    }
    expect(await store.headPosition()).toBe(before);
  });

  it('refuses to start on a rules file with a wrong rule, naming it', async () => {
    const file = path.join(dataDir, 'wrong-rules.json');
    const rules = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../infra/intake/eligibility-rules.json'), 'utf8')) as { routes: Record<string, unknown[]> };
    rules.routes.gosa = ['adds_value', 'casedirection'];
    fs.writeFileSync(file, JSON.stringify(rules));
    await expect(bootPlatform(fs.mkdtempSync(path.join(dataDir, 'wrong-')), { INTAKE_RULES_FILE: file })).rejects.toThrow(/INTAKE_RULES_FILE routes\.gosa\[1\]: must be a condition/);
  });
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
