import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Clock } from '@wijkteam/contracts';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { collect, eventually } from '@wijkteam/testing';
import request from 'supertest';
import { referralBody } from './support/referrals';
import { registerTeamNoord } from './support/case-files';
import { bootPlatform, devAuthorization } from './support/service-apps';

/** A clock the test moves: the list is computed from it, and so is every service's "now". */
class MovableClock extends Clock {
  at = Date.parse('2026-11-23T09:00:00.000Z');
  now(): Date {
    return new Date(this.at);
  }
}

const DAY = 24 * 60 * 60 * 1000;
// 17 years and 8 months on the clock's day: 18 on 2027-03-15, within the default 6 months.
const YOUTH = { name: 'Noor Overgang', birthDate: '2009-03-15' };

/**
 * Seed 004 end to end on the platform: the 18-/18+ list fed by intake's birthdays (month for the
 * team, the day for the file's director), the transition question, the warm handover refused
 * without consent and proposed with it, the joint conversation, completion, and the adult team's
 * view that follows the consent at each read.
 */
describe('case planning: 18-/18+ transition and warm handover (platform)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'transition-e2e-'));
  const clock = new MovableClock();
  let app: INestApplication;
  let store: EventStore;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  const server = () => app.getHttpServer();
  let caseFileId: string;
  let clientId: string;
  const base = () => `/case-files/${caseFileId}/transitions/${clientId}`;
  const listed = async (userId: string) =>
    ((await request(server()).get('/case-planning/worklists/turning-18').set(await as(userId)).expect(200)).body.items as { clientId: string }[]).find((item) => item.clientId === clientId);
  const typesIn = async (stream: string) => (await collect(store.readStream(stream))).map((event) => event.type);

  beforeAll(async () => {
    app = await bootPlatform(dataDir, {}, { override: (builder) => builder.overrideProvider(Clock).useValue(clock) });
    store = app.get(EVENT_STORE);
    as = devAuthorization(app);
    await registerTeamNoord(server(), as);
    const created = await request(server()).post('/referrals').set(await as('front-office-1')).send(referralBody({}, YOUTH)).expect(201);
    const accepted = await request(server()).post(`/referrals/${created.body.referralId}/acceptance`).set(await as('coach-noord-1')).expect(200);
    clientId = created.body.clientId;
    caseFileId = accepted.body.caseFileId;
    await eventually(async () => {
      await request(server()).get(`/case-files/${caseFileId}`).set(await as('coach-noord-1')).expect(200);
    });
    await request(server()).post(`/case-files/${caseFileId}/case-director`).set(await as('coordinator-1')).send({ directorId: 'coach-noord-2', directorKind: 'coach', reason: 'case_conference' }).expect(200);
  });

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the youth turning 18: the month for the team, the day for the director, never the birth date; each listed client access-logged', async () => {
    await eventually(async () => expect(await listed('coach-noord-2')).toMatchObject({ caseFileId, eighteenOn: '2027-03-15', eighteenMonth: '2027-03', onFile: true }));
    const forTeam = await listed('coach-noord-1');
    expect(forTeam).toEqual({ caseFileId, clientId, eighteenMonth: '2027-03', eighteenOn: null, onFile: false, questionRecorded: false, questionOverdue: false, handoverStatus: 'none' });
    expect(JSON.stringify(forTeam)).not.toContain(YOUTH.birthDate);
    // Outside a horizon of 3 months.
    const short = await request(server()).get('/case-planning/worklists/turning-18?horizonMonths=3').set(await as('coach-noord-1')).expect(200);
    expect(short.body.items.map((item: { clientId: string }) => item.clientId)).not.toContain(clientId);
    expect(await typesIn(`casePlanning.accessLog-${clientId}`)).toContain('ClientFileAccessed');
    await request(server()).get('/case-planning/worklists/turning-18').set(await as('volwassenenteam-1')).expect(403);
  });

  it('refuses bad input with 422 naming the field, appending nothing', async () => {
    const before = await store.headPosition();
    const cases: [string, Record<string, unknown>, string][] = [
      ['question', { helpMustContinue: true, continuation: 'bogus' }, 'continuation'],
      ['question', { helpMustContinue: 'ja', continuation: 'stays_with_jeugdteam' }, 'helpMustContinue'],
      ['question', { helpMustContinue: true, continuation: 'stays_with_jeugdteam', askedOn: '15-03-2027' }, 'askedOn'],
      ['question', { helpMustContinue: false, continuation: 'stays_with_jeugdteam' }, 'continuation'],
      ['other-providers', { providers: [{ party: 'GGZ Aanbieder', status: 'ends_at_18' }] }, 'providers.0.party'],
      ['other-providers', { providers: [{ party: 'ggz', status: 'maybe' }] }, 'providers.0.status'],
      ['warm-handover/proposal', { adultTeamColleagueId: 'volwassenenteam-1', dataCategories: ['horoscope'] }, 'dataCategories'],
      ['warm-handover/proposal', { adultTeamColleagueId: 'volwassenenteam-1', dataCategories: ['help_request'] }, 'continuation'],
    ];
    for (const [part, body, field] of cases) {
      const response = await request(server()).post(`${base()}/${part}`).set(await as('coach-noord-1')).send(body);
      expect({ part, status: response.status, field: response.body.field }).toEqual({ part, status: 422, field });
      // The value at fault is not echoed back.
      expect(JSON.stringify(response.body)).not.toMatch(/bogus|15-03-2027|GGZ Aanbieder|maybe|horoscope/);
    }
    const late = await request(server()).get('/case-planning/worklists/turning-18?horizonMonths=25').set(await as('coach-noord-1')).expect(422);
    expect(late.body.field).toBe('horizonMonths');
    expect(await store.headPosition()).toBe(before);
  });

  it("another team's coach is refused (403), and the refusal is recorded", async () => {
    const refused = await request(server()).get(base()).set(await as('coach-zuid-1')).expect(403);
    expect(refused.body.code).toBe('other_team');
    await request(server()).post(`${base()}/question`).set(await as('coach-zuid-1')).send({ helpMustContinue: true, continuation: 'stays_with_jeugdteam' }).expect(403);
    expect(await typesIn(`casePlanning.accessLog-${clientId}`)).toContain('ClientFileAccessRefused');
  });

  it('question → proposal refused without consent → consent → proposed → conversation → completed; the adult team sees what consent covers, and not after a withdrawal', async () => {
    const asked = await request(server()).post(`${base()}/question`).set(await as('coach-noord-1')).send({ helpMustContinue: true, continuation: 'handover_to_adult_team' }).expect(200);
    expect(asked.body.question).toMatchObject({ continuation: 'handover_to_adult_team', askedOn: '2026-11-23', beforeEighteenthBirthday: true });
    expect(JSON.stringify(asked.body)).not.toContain('2027-03-15');
    const etag = asked.headers.etag as string;
    await request(server()).post(`${base()}/other-providers`).set(await as('coach-noord-1')).set('If-Match', '"99"').send({ none: true }).expect(412);
    await request(server()).post(`${base()}/other-providers`).set(await as('coach-noord-1')).set('If-Match', etag).send({ providers: [{ party: 'ggz-aanbieder', status: 'ends_at_18' }] }).expect(200);
    await eventually(async () => expect(await listed('coach-noord-1')).toMatchObject({ questionRecorded: true }));

    const proposal = { adultTeamColleagueId: 'volwassenenteam-1', dataCategories: ['help_request'] };
    const notAdultTeam = await request(server()).post(`${base()}/warm-handover/proposal`).set(await as('coach-noord-1')).send({ ...proposal, adultTeamColleagueId: 'coach-noord-2' }).expect(422);
    expect(notAdultTeam.body).toMatchObject({ code: 'colleague_not_in_the_adult_team', field: 'adultTeamColleagueId' });
    const refused = await request(server()).post(`${base()}/warm-handover/proposal`).set(await as('coach-noord-1')).send(proposal).expect(200);
    expect(refused.body).toMatchObject({ outcome: 'refused', denialReason: 'no_consent', handover: { status: 'refused', refusal: { stage: 'proposal', denialReason: 'no_consent' } } });
    await request(server()).post(`${base()}/warm-handover/conversation`).set(await as('coach-noord-1')).send({ heldOn: '2026-11-23', adultTeamColleagueId: 'volwassenenteam-1' }).expect(409);

    // The youth (17) signs a consent for the handover to the adult team, help request only.
    const granted = await request(server())
      .post('/consent/grants')
      .set(await as('coach-noord-1'))
      .send({
        clientId, subjectAge: 17, grantors: [{ relation: 'client' }], purpose: 'warm_handover', recipient: { organisation: 'volwassenenteam' }, dataCategories: ['help_request'],
        period: { from: '2026-11-01T00:00:00.000Z', until: '2027-11-01T00:00:00.000Z' }, evidence: { documentId: crypto.randomUUID() },
      })
      .expect(201);
    const proposed = await request(server()).post(`${base()}/warm-handover/proposal`).set(await as('coach-noord-1')).send(proposal).expect(200);
    expect(proposed.body).toMatchObject({ outcome: 'proposed', handover: { status: 'proposed', adultTeamColleagueId: 'volwassenenteam-1', consentId: granted.body.consentId } });

    // Completion needs the joint conversation first; the adult team sees nothing before completion.
    await request(server()).post(`${base()}/warm-handover/completion`).set(await as('coach-noord-1')).expect(409);
    expect((await request(server()).get(`${base()}/handover-view`).set(await as('volwassenenteam-1')).expect(403)).body.code).toBe('not_handed_over');
    clock.at += 2 * DAY;
    const wrong = await request(server()).post(`${base()}/warm-handover/conversation`).set(await as('coach-noord-1')).send({ heldOn: '2026-11-24', adultTeamColleagueId: 'volwassenenteam-2' }).expect(422);
    expect(wrong.body.field).toBe('adultTeamColleagueId');
    const held = await request(server()).post(`${base()}/warm-handover/conversation`).set(await as('coach-noord-1')).send({ heldOn: '2026-11-24', adultTeamColleagueId: 'volwassenenteam-1' }).expect(200);
    expect(held.body.handover).toMatchObject({ status: 'conversation_held', conversation: { heldOn: '2026-11-24', youthCoachId: 'coach-noord-1' } });
    const completed = await request(server()).post(`${base()}/warm-handover/completion`).set(await as('coach-noord-1')).expect(200);
    expect(completed.body).toMatchObject({ outcome: 'completed', handover: { status: 'completed', dataCategories: ['help_request'] } });
    expect(await typesIn(`casePlanning.transition-${caseFileId}`)).toEqual([
      'TransitionQuestionRecorded', 'OtherProvidersStatusRecorded', 'WarmHandoverRefused', 'WarmHandoverProposed', 'WarmHandoverConversationHeld', 'WarmHandoverCompleted',
    ]);
    await eventually(async () => expect(await listed('coach-noord-1')).toMatchObject({ handoverStatus: 'completed' }));

    // The colleague it was handed to: the help request (the transition record) shown, the rest withheld.
    const view = await request(server()).get(`${base()}/handover-view`).set(await as('volwassenenteam-1')).expect(200);
    expect(view.body).toMatchObject({ adultTeamColleagueId: 'volwassenenteam-1', categories: [{ category: 'help_request', covered: true, denialReason: null }], withheld: ['other_providers', 'plan'] });
    expect(view.body.shown.transition).toMatchObject({ continuation: 'handover_to_adult_team' });
    expect(view.body.shown.other_providers).toBeUndefined();
    expect(JSON.stringify(view.body)).not.toContain('ggz-aanbieder');
    // A youth coach is not the adult team's colleague.
    await request(server()).get(`${base()}/handover-view`).set(await as('coach-noord-1')).expect(403);

    // Withdrawn: the category closes at the next read.
    await request(server()).post(`/consent/consents/${granted.body.consentId}/withdrawal`).set(await as('coach-noord-1')).send({ withdrawnBy: 'client', reason: 'client_wishes' }).expect(200);
    const closed = await request(server()).get(`${base()}/handover-view`).set(await as('volwassenenteam-1')).expect(200);
    expect(closed.body).toMatchObject({ categories: [{ category: 'help_request', covered: false, denialReason: 'consent_withdrawn' }], shown: {}, withheld: ['transition', 'other_providers', 'plan'] });
    const log = await collect(store.readStream(`casePlanning.accessLog-${clientId}`));
    expect(log.filter((e) => e.type === 'ClientFileAccessRefused').map((e) => (e.data as { reason: string }).reason)).toContain('not_handed_over');
    expect(log.some((e) => e.type === 'ClientFileAccessed' && (e.data as { userId: string; part: string }).userId === 'volwassenenteam-1')).toBe(true);
  });
});
