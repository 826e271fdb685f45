import type { PublicEvent } from '@wijkteam/contracts';
import type { EntityManager } from 'typeorm';
import { busProjectionSpec, type Delivered, eventId } from '../../test/bus-projection-spec';
import { findingsIn, summaryIn } from '../application/compliance';
import { checkCaseFileEvent } from './compliance-case-files';
import { checkConsentEvent } from './compliance-consent';
import { checkSafetyEvent } from './compliance-safety';
import { attributeReferral, complianceProjection } from './compliance.projection';
import { ComplianceFindings } from './compliance-tables';

const id = (n: number) => `0193a5b2-7c1e-7000-8000-0000000000${n.toString().padStart(2, '0')}`;
const child = id(1);
const caseFileId = id(10);
const at = (day: string, time = '10:00:00') => `2026-${day}T${time}.000Z`;
const recipient = { organisation: 'jgz', role: null };

// --- the publishers' events, as reporting receives them ---
const caseFileOpened = (openedAt = at('03-02'), teamId: string | null = 'wijkteam-noord') => ({
  type: 'CaseFileOpened',
  data: { caseFileId, clientId: child, referralId: id(11), teamId, route: 'jgz', childIds: [child], familyMemberIds: [], openedAt },
});
const referralReceived = (teamId: string) => ({
  type: 'ReferralReceived',
  data: { referralId: id(11), clientId: child, teamId, channel: 'phone', route: 'jgz', deEscalationFrom: null, childIds: [child], familyMembers: [], etmIndication: null, intellectualDisability: false, receivedAt: at('03-01') },
});
const directorAssigned = (directorId: string, previousDirectorId: string | null = null) => ({
  type: 'CaseDirectorAssigned',
  data: { caseFileId, directorId, directorKind: 'coach', previousDirectorId, reason: 'case_conference', assignedAt: at('03-03') },
});
const transferred = (toDirectorKind: string, reason: string, consentDecisionId: string | null = null) => ({
  type: 'CaseDirectionTransferred',
  data: {
    caseFileId, fromDirectorId: 'coach-noord-1', fromDirectorKind: 'coach', toDirectorId: `${toDirectorKind}-1`, toDirectorKind, reason, decision: 'consensus',
    decidedBy: 'coordinator-1', decidedByRole: 'team-coordinator', onBehalfOf: null, consentDecisionId, transferredAt: at('03-20'),
  },
});
const handoverCompleted = (consentId: string | null) => ({
  type: 'WarmHandoverCompleted',
  data: { caseFileId, clientId: child, adultTeamColleagueId: 'volwassenenteam-1', dataCategories: ['help_request'], decisionId: id(30), consentId, completedBy: 'coach-noord-1', completedAt: at('03-21') },
});
const firstVisitHeld = (heldOn: string) => ({
  type: 'FirstVisitHeld',
  data: {
    caseFileId, coachIds: ['coach-noord-1', 'coach-noord-2'], twoCoaches: true, atHome: true, location: 'home', explained: { wayOfWorking: true, privacy: true, complaintsProcedure: true },
    zrmScored: true, zrmVersion: 'zrm-2017', etmAssessmentId: id(12), etmScore: 3, safetyAnalysisNeeded: false, sisaSignalDiscussed: true, heldOn, due: '2026-03-16', onTime: heldOn <= '2026-03-16', heldAt: `${heldOn}T15:00:00.000Z`,
  },
});
const planAgreed = (agreedAt: string) => ({
  type: 'PlanAgreed',
  data: { caseFileId, version: 1, goalIds: [id(13)], actionCount: 1, performers: [], agreedBy: [child], signedDocumentId: null, oneFamilyOnePlanMeetingOn: null, due: '2026-04-13', onTime: null, agreedAt },
});
const closed = (closedAt: string) => ({ type: 'CaseFileClosed', data: { caseFileId, clientId: child, reason: 'goals_reached_closed', informed: ['jgz', 'huisarts'], referredTo: 'none', closedAt } });
const step = (n: number, secondProfessionalId: string | null, secondProfessionalRole: string | null = secondProfessionalId ? 'coach' : null) => ({
  type: 'MeldcodeStepCompleted',
  data: { caseFileId, trajectoryId: id(20), step: n, completedBy: 'coach-noord-1', completedByRole: 'coach', secondProfessionalId, secondProfessionalRole, completedAt: at('03-10') },
});
const meldcodeDecision = (secondProfessionalId: string, secondProfessionalRole = 'coach') => ({
  type: 'MeldcodeDecisionTaken',
  data: {
    caseFileId, clientId: child, trajectoryId: id(20), decisionId: id(21), outcome: 'report_to_veilig_thuis', decidedBy: 'coach-noord-1', decidedByRole: 'coach',
    secondProfessionalId, secondProfessionalRole, decidedAt: at('03-11'),
  },
});
const granted = (consentId = id(40)) => ({
  type: 'ConsentGranted',
  data: { consentId, clientId: child, ageBand: '12_15', grantors: [{ relation: 'client' }], purpose: 'information_exchange', recipient, dataCategories: ['help_request'], period: { from: at('03-01'), until: at('09-01') }, evidence: { documentId: id(99) }, grantedAt: at('03-05') },
});
const refused = () => ({
  type: 'ConsentRefused',
  data: { consentId: id(40), clientId: child, ageBand: '12_15', refusedBy: 'client', purpose: 'information_exchange', recipient, dataCategories: ['help_request'], reason: 'other', refusedAt: at('03-05') },
});
const withdrawn = () => ({ type: 'ConsentWithdrawn', data: { consentId: id(40), clientId: child, withdrawnBy: 'client', reason: 'client_wishes', withdrawnAt: at('03-12') } });
const expired = () => ({ type: 'ConsentExpired', data: { consentId: id(40), clientId: child, expiredAt: at('03-12'), detectedAt: at('03-12', '11:00:00') } });
const erased = () => ({
  type: 'SubjectKeyDestroyed',
  data: { subjectId: child, legalBasis: 'avg_art17_request', requestId: null, decidedBy: { userId: 'privacy-officer-1', role: 'privacy-officer', organisation: 'gemeente' }, destroyedAt: at('03-13') },
});
const onConsent = { kind: 'consent', consentId: id(40), legalGround: null, safetyDecisionId: null };
const onMeldcode = (safetyDecisionId: string | null) => ({ kind: 'legal_ground', consentId: null, legalGround: 'child_safety_meldcode', safetyDecisionId });
const decided = (outcome: 'permit' | 'deny', basis: Record<string, unknown> | null, decidedAt = at('03-14')) => ({
  type: 'DisclosureDecided',
  data: { decisionId: id(30), clientId: child, recipient, purpose: 'information_exchange', dataCategories: ['help_request'], outcome, basis, denialReason: outcome === 'deny' ? 'no_consent' : null, decidedAt },
});
const recorded = (basis: Record<string, unknown>) => ({
  type: 'DisclosureRecorded',
  data: { disclosureId: id(31), decisionId: id(30), clientId: child, recipient, purpose: 'information_exchange', dataCategories: ['help_request'], basis, disclosedAt: at('03-15') },
});

const CASE_PLANNING = ['CaseFileOpened', 'CaseDirectorAssigned', 'CaseDirectionTransferred', 'CaseFileClosed', 'FirstVisitHeld', 'PlanAgreed', 'WarmHandoverProposed', 'WarmHandoverCompleted'];
const spec = busProjectionSpec(complianceProjection, (tx, event) => {
  if (event.type === 'ReferralReceived' || event.type === 'CoachesAssigned') return attributeReferral(tx, event as PublicEvent<never>);
  if (CASE_PLANNING.includes(event.type)) return checkCaseFileEvent(tx, event as PublicEvent<never>);
  if (event.type.startsWith('Meldcode')) return checkSafetyEvent(tx, event as PublicEvent<never>);
  return checkConsentEvent(tx, event as PublicEvent<never>);
});

/** The n-th delivered event (1-based, given then when) as evidence. */
const shown = (n: number, { type }: Delivered, time: string) => ({ eventId: eventId(n), type, at: time });
/** Before any deadline of a file opened on 2 March; `later` after all of them. */
const now = new Date(at('03-16'));
const later = new Date(at('06-01'));
const findings = (db: EntityManager, query = {}, when = now) => findingsIn(db, query, when);

describe('reporting_compliance read model (bus-fed)', () => {
  describe('disclosures without a permit or legal ground', () => {
    it('given a denied decision, when information is disclosed anyway, then the disclosure is found with the denial as evidence', async () => {
      const deny = decided('deny', null);
      const disclosure = recorded(onConsent);
      await spec
        .given([caseFileOpened(), granted(), deny])
        .when([disclosure])
        .then(async (db) =>
          expect(await findings(db)).toContainEqual({
            check: 'disclosure_without_ground', detail: 'no_permit', team: 'wijkteam-noord', at: at('03-15'), due: null,
            evidence: [shown(3, deny, at('03-14')), shown(4, disclosure, at('03-15'))],
          }),
        );
    });

    it('finds a permit on the Meldcode ground that names no safety decision, and one on a refused consent', async () => {
      const refusal = refused();
      await spec
        .given([caseFileOpened(), refusal])
        .when([decided('permit', onConsent), { ...decided('permit', onMeldcode(null)), data: { ...decided('permit', onMeldcode(null)).data, decisionId: id(32) } }])
        .then(async (db) => {
          const found = (await findings(db)).map(({ detail, evidence }) => [detail, evidence.map((item) => item.type)]);
          expect(found).toEqual([
            ['consent_not_granted', ['ConsentRefused', 'DisclosureDecided']],
            ['no_meldcode_decision', ['DisclosureDecided']],
          ]);
        });
    });

    it('finds nothing for a permit on a granted consent, a disclosure as permitted, or a permit on a named Meldcode decision', async () => {
      await spec
        .given([caseFileOpened(), granted()])
        .when([decided('permit', onConsent), recorded(onConsent), { ...decided('permit', onMeldcode(id(21))), data: { ...decided('permit', onMeldcode(id(21))).data, decisionId: id(33) } }])
        .then(async (db) => expect(await findings(db)).toEqual([]));
    });
  });

  describe('consents used after withdrawal or erasure', () => {
    it('given a withdrawn consent, when a disclosure is decided on it, then it is found with the grant and the withdrawal as evidence', async () => {
      const grant = granted();
      const withdrawal = withdrawn();
      const permit = decided('permit', onConsent);
      await spec
        .given([caseFileOpened(), grant, withdrawal])
        .when([permit])
        .then(async (db) =>
          expect(await findings(db)).toEqual([
            {
              check: 'consent_used_after_withdrawal', detail: 'consent_withdrawn', team: 'wijkteam-noord', at: at('03-14'), due: null,
              evidence: [shown(2, grant, at('03-05')), shown(3, withdrawal, at('03-12')), shown(4, permit, at('03-14'))],
            },
          ]),
        );
    });

    it('finds a disclosure for a client after erasure (one finding per event and check, though the consent expired too)', async () => {
      await spec
        .given([caseFileOpened(), granted(), decided('permit', onConsent), expired(), erased()])
        .when([recorded(onConsent)])
        .then(async (db) =>
          expect((await findings(db)).map(({ check, detail, evidence }) => [check, detail, evidence.map((item) => item.type)])).toEqual([
            ['consent_used_after_withdrawal', 'client_erased', ['SubjectKeyDestroyed', 'DisclosureRecorded']],
          ]),
        );
    });

    it('names the expiry when the consent expired before it was used', async () => {
      await spec
        .given([caseFileOpened(), granted(), decided('permit', onConsent, at('03-11')), expired()])
        .when([recorded(onConsent)])
        .then(async (db) =>
          expect((await findings(db)).map(({ detail, evidence }) => [detail, evidence.map((item) => item.type)])).toEqual([
            ['consent_expired', ['ConsentGranted', 'DisclosureDecided', 'ConsentExpired', 'DisclosureRecorded']],
          ]),
        );
    });

    it('finds nothing for a disclosure decided before the withdrawal', async () => {
      await spec
        .given([caseFileOpened(), granted(), decided('permit', onConsent)])
        .when([withdrawn(), decided('deny', null)])
        .then(async (db) => expect(await findings(db)).toEqual([]));
    });
  });

  describe('warm handovers without consent', () => {
    it('finds a transfer to the adult team without a consent decision, and a handover permitted on something other than consent', async () => {
      const transfer = transferred('adult_team', 'warm_handover');
      const handover = handoverCompleted(null);
      await spec
        .given([caseFileOpened(), directorAssigned('coach-noord-1')])
        .when([transfer, handover])
        .then(async (db) =>
          expect((await findings(db, { check: 'warm_handover_without_consent' })).map(({ detail, evidence }) => [detail, evidence])).toEqual([
            ['no_consent_decision', [shown(3, transfer, at('03-20'))]],
            ['permit_not_on_consent', [shown(4, handover, at('03-21'))]],
          ]),
        );
    });

    it('finds nothing for a warm handover on the consent decision and a consent', async () => {
      await spec
        .given([caseFileOpened(), directorAssigned('coach-noord-1')])
        .when([transferred('adult_team', 'warm_handover', id(30)), handoverCompleted(id(40))])
        .then(async (db) => expect(await findings(db)).toEqual([]));
    });

    // Consent's events and case planning's travel apart: whichever arrives last finds the pair.
    it('given a refused consent, when a handover names it, then the handover is found with the refusal as evidence', async () => {
      const refusal = refused();
      const handover = handoverCompleted(id(40));
      await spec
        .given([caseFileOpened(), refusal])
        .when([handover])
        .then(async (db) =>
          expect(await findings(db, { check: 'warm_handover_without_consent' })).toEqual([
            { check: 'warm_handover_without_consent', detail: 'consent_not_granted', team: 'wijkteam-noord', at: at('03-21'), due: null, evidence: [shown(2, refusal, at('03-05')), shown(3, handover, at('03-21'))] },
          ]),
        );
    });

    it('given a handover, when consent reports a grant to another client, then the handover is found', async () => {
      const otherClient = { ...granted(), data: { ...granted().data, clientId: id(2) } };
      await spec
        .given([caseFileOpened(), handoverCompleted(id(40))])
        .when([otherClient])
        .then(async (db) => expect((await findings(db)).map(({ check, detail }) => [check, detail])).toEqual([['warm_handover_without_consent', 'consent_not_granted']]));
    });

    it('given a grant and a handover after its withdrawal, in either order of arrival, then the handover is found once with grant and withdrawal as evidence', async () => {
      const grant = granted();
      const withdrawal = withdrawn();
      const handover = handoverCompleted(id(40));
      const expected = (grantAt: number, withdrawalAt: number, handoverAt: number) => [
        { check: 'consent_used_after_withdrawal', detail: 'consent_withdrawn', team: 'wijkteam-noord', at: at('03-21'), due: null, evidence: [shown(grantAt, grant, at('03-05')), shown(withdrawalAt, withdrawal, at('03-12')), shown(handoverAt, handover, at('03-21'))] },
      ];
      await spec
        .given([caseFileOpened(), grant, withdrawal])
        .when([handover])
        .then(async (db) => expect(await findings(db)).toEqual(expected(2, 3, 4)));
      await spec
        .given([caseFileOpened(), grant, handover])
        .when([withdrawal, { ...withdrawal, id: eventId(9) }])
        .then(async (db) => expect(await findings(db)).toEqual(expected(2, 4, 3)));
    });

    it('finds nothing when the consent is withdrawn after the handover', async () => {
      const later = { ...withdrawn(), data: { ...withdrawn().data, withdrawnAt: at('03-25') } };
      await spec
        .given([caseFileOpened(), granted(), handoverCompleted(id(40))])
        .when([later])
        .then(async (db) => expect(await findings(db)).toEqual([]));
    });

    it('given an erased client, when a handover of theirs arrives, then it is found as used after erasure', async () => {
      const erasure = { ...erased(), data: { ...erased().data, destroyedAt: at('03-20') } };
      await spec
        .given([caseFileOpened(), granted(), erasure])
        .when([handoverCompleted(id(40))])
        .then(async (db) => expect((await findings(db)).map(({ check, detail, evidence }) => [check, detail, evidence.map((item) => item.type)])).toEqual([['consent_used_after_withdrawal', 'client_erased', ['SubjectKeyDestroyed', 'WarmHandoverCompleted']]]));
    });
  });

  describe('Meldcode without four eyes', () => {
    it('finds a decision confirmed by its own decider, a weighing without a second professional and a consultation of oneself', async () => {
      await spec
        .given([caseFileOpened()])
        .when([step(2, 'coach-noord-1', null), step(4, null), meldcodeDecision('coach-noord-1'), { ...meldcodeDecision('front-office-1', 'front-office'), data: { ...meldcodeDecision('front-office-1', 'front-office').data, decisionId: id(22) } }])
        .then(async (db) =>
          expect((await findings(db)).map(({ check, detail, team, evidence }) => [check, detail, team, evidence.map((item) => item.type)])).toEqual([
            ['meldcode_without_four_eyes', 'same_professional', 'wijkteam-noord', ['MeldcodeStepCompleted']],
            ['meldcode_without_four_eyes', 'no_second_professional', 'wijkteam-noord', ['MeldcodeStepCompleted']],
            ['meldcode_without_four_eyes', 'same_professional', 'wijkteam-noord', ['MeldcodeDecisionTaken']],
            ['meldcode_without_four_eyes', 'second_not_a_professional', 'wijkteam-noord', ['MeldcodeDecisionTaken']],
          ]),
        );
    });

    it('finds nothing when a second professional consulted, confirmed and decided', async () => {
      await spec
        .given([caseFileOpened()])
        .when([step(1, null), step(2, 'coach-noord-2', null), step(3, null), step(4, 'coach-noord-2'), step(5, 'behavioural-scientist-1', 'behavioural-scientist'), meldcodeDecision('coach-noord-2')])
        .then(async (db) => expect(await findings(db)).toEqual([]));
    });

    it("given a finding before the case file reached reporting, then it is unattributed until the file's team arrives", async () => {
      await spec
        .given([meldcodeDecision('coach-noord-1')])
        .when([])
        .then(async (db) => expect((await findings(db)).map(({ team }) => team)).toEqual(['unattributed']));
      await spec
        .given([meldcodeDecision('coach-noord-1')])
        .when([caseFileOpened()])
        .then(async (db) => expect((await findings(db, { team: 'wijkteam-noord' })).map(({ detail }) => detail)).toEqual(['same_professional']));
    });
  });

  describe('case direction changed without a reason', () => {
    it('finds a change recorded as a second assignment (no transfer, no reason for it), with the previous director as evidence', async () => {
      const first = directorAssigned('coach-noord-1');
      const second = directorAssigned('coach-noord-2', 'coach-noord-1');
      await spec
        .given([caseFileOpened(), first])
        .when([second])
        .then(async (db) =>
          expect(await findings(db)).toEqual([
            { check: 'direction_change_without_reason', detail: 'changed_without_transfer', team: 'wijkteam-noord', at: at('03-03'), due: null, evidence: [shown(2, first, at('03-03')), shown(3, second, at('03-03'))] },
          ]),
        );
    });

    it('finds transfers whose reason does not account for the move: to GOSA for capacity, to a coach on stagnation', async () => {
      await spec
        .given([caseFileOpened(), directorAssigned('coach-noord-1')])
        .when([transferred('gosa', 'capacity'), { ...transferred('coach', 'stagnation'), data: { ...transferred('coach', 'stagnation').data, fromDirectorKind: 'gosa' } }])
        .then(async (db) =>
          expect((await findings(db)).map(({ detail, evidence }) => [detail, evidence.map((item) => item.type)])).toEqual([
            ['reason_does_not_fit', ['CaseDirectorAssigned', 'CaseDirectionTransferred']],
            ['reason_does_not_fit', ['CaseDirectionTransferred', 'CaseDirectionTransferred']],
          ]),
        );
    });

    it('finds nothing for a first assignment and transfers on their reasons', async () => {
      await spec
        .given([caseFileOpened(), directorAssigned('coach-noord-1')])
        .when([transferred('coach', 'capacity'), transferred('gosa', 'stagnation'), transferred('certified_institution', 'dwang_drang')])
        .then(async (db) => expect(await findings(db)).toEqual([]));
    });
  });

  describe('first visits and plans past their deadline (2 and 6 weeks after the referral, as the case-deadline lists count)', () => {
    const coachesAssigned = (firstVisitDue: string) => ({
      type: 'CoachesAssigned',
      data: { referralId: id(11), coachIds: ['coach-noord-1'], decidedBy: 'coordinator-1', conferenceDate: '2026-03-03', firstVisitDue, decidedAt: at('03-03') },
    });

    it('counts from the referral, whether intake\'s event arrives before the file opens or after', async () => {
      const referral = referralReceived('wijkteam-noord');
      const visit = firstVisitHeld('2026-03-16');
      const expected = (referralAt: number, visitAt: number) => [
        { check: 'first_visit_overdue', detail: 'late', team: 'wijkteam-noord', at: '2026-03-16T00:00:00.000Z', due: '2026-03-15', evidence: [shown(referralAt, referral, at('03-01')), shown(visitAt, visit, '2026-03-16T15:00:00.000Z')] },
      ];
      await spec
        .given([referral, caseFileOpened(at('03-02'))])
        .when([visit, planAgreed(at('04-01'))])
        .then(async (db) => expect(await findings(db, {}, later)).toEqual(expected(1, 3)));
      await spec
        .given([caseFileOpened(at('03-02')), visit])
        .when([referral, planAgreed(at('04-01'))])
        .then(async (db) => expect(await findings(db, {}, later)).toEqual(expected(3, 2)));
    });

    it('the first visit by the date the case conference set, when it set one', async () => {
      await spec
        .given([referralReceived('wijkteam-noord'), caseFileOpened(at('03-02'))])
        .when([coachesAssigned('2026-03-20'), firstVisitHeld('2026-03-19'), planAgreed(at('04-01'))])
        .then(async (db) => expect(await findings(db, {}, later)).toEqual([]));
      const conference = coachesAssigned('2026-03-10');
      await spec
        .given([caseFileOpened(at('03-02')), conference])
        .when([firstVisitHeld('2026-03-12'), planAgreed(at('04-01'))])
        .then(async (db) => expect((await findings(db, {}, later)).map(({ detail, due, evidence }) => [detail, due, evidence.map((item) => item.type)])).toEqual([['late', '2026-03-10', ['CoachesAssigned', 'FirstVisitHeld']]]));
    });

    it('a late first visit is a finding: late, with the opening that started the clock and the visit as evidence', async () => {
      const opened = caseFileOpened(at('03-02'));
      const visit = firstVisitHeld('2026-03-17');
      await spec
        .given([opened])
        .when([visit, planAgreed(at('04-13'))])
        .then(async (db) =>
          expect(await findings(db, {}, later)).toEqual([
            { check: 'first_visit_overdue', detail: 'late', team: 'wijkteam-noord', at: '2026-03-17T00:00:00.000Z', due: '2026-03-16', evidence: [shown(1, opened, at('03-02')), shown(2, visit, '2026-03-17T15:00:00.000Z')] },
          ]),
        );
    });

    it('an open one past its deadline is "open", and becomes "late" when it happens', async () => {
      const opened = caseFileOpened(at('03-02'));
      await spec
        .given([opened, firstVisitHeld('2026-03-16')])
        .when([])
        .then(async (db) => {
          expect(await findings(db, {}, new Date(at('04-13')))).toEqual([]);
          expect(await findings(db, {}, new Date(at('04-14')))).toEqual([
            { check: 'plan_overdue', detail: 'open', team: 'wijkteam-noord', at: '2026-04-14T00:00:00.000Z', due: '2026-04-13', evidence: [shown(1, opened, at('03-02'))] },
          ]);
        });
      await spec
        .given([opened, firstVisitHeld('2026-03-16')])
        .when([planAgreed(at('04-20')), { ...planAgreed(at('05-01')), data: { ...planAgreed(at('05-01')).data, version: 2 } }])
        .then(async (db) =>
          expect((await findings(db, {}, later)).map(({ check, detail, evidence }) => [check, detail, evidence.map((item) => item.at)])).toEqual([['plan_overdue', 'late', [at('03-02'), at('04-20')]]]),
        );
    });

    it('a file closed past a deadline without it is "missed"; closed in time, nothing', async () => {
      await spec
        .given([caseFileOpened(at('03-02')), firstVisitHeld('2026-03-10')])
        .when([closed(at('05-01'))])
        .then(async (db) => expect((await findings(db, {}, later)).map(({ check, detail, evidence }) => [check, detail, evidence.map((item) => item.type)])).toEqual([['plan_overdue', 'missed', ['CaseFileOpened', 'CaseFileClosed']]]));
      await spec
        .given([caseFileOpened(at('03-02'))])
        .when([closed(at('03-09'))])
        .then(async (db) => expect(await findings(db, {}, later)).toEqual([]));
    });
  });

  it('a clean history finds nothing: the summary lists every check with zero', async () => {
    await spec
      .given([referralReceived('wijkteam-noord'), caseFileOpened(at('03-02')), directorAssigned('coach-noord-1'), granted(), step(2, 'coach-noord-2', null), step(4, 'coach-noord-2'), meldcodeDecision('coach-noord-2')])
      .when([firstVisitHeld('2026-03-12'), decided('permit', onConsent), recorded(onConsent), planAgreed(at('04-01')), transferred('adult_team', 'warm_handover', id(30)), handoverCompleted(id(40)), { ...withdrawn(), data: { ...withdrawn().data, withdrawnAt: at('03-25') } }, closed(at('05-01'))])
      .then(async (db) =>
        expect(await summaryIn(db, {}, later)).toEqual([
          'disclosure_without_ground', 'warm_handover_without_consent', 'meldcode_without_four_eyes', 'direction_change_without_reason', 'first_visit_overdue', 'plan_overdue', 'consent_used_after_withdrawal',
        ].map((check) => ({ check, count: 0 }))),
      );
  });

  it('a redelivered violating event is found once', async () => {
    await spec
      .given([caseFileOpened(), granted(), withdrawn(), decided('permit', onConsent)])
      .when([{ ...decided('permit', onConsent), id: eventId(4) }, { ...meldcodeDecision('coach-noord-1'), id: eventId(9) }, { ...meldcodeDecision('coach-noord-1'), id: eventId(9) }])
      .then(async (db) => {
        expect(await db.count(ComplianceFindings)).toBe(2);
        expect((await summaryIn(db, {}, now)).filter(({ count }) => count > 0)).toEqual([
          { check: 'meldcode_without_four_eyes', count: 1 },
          { check: 'consent_used_after_withdrawal', count: 1 },
        ]);
      });
  });

  it("attributes a consent finding to the client's team from the referral, and filters by check, team and days", async () => {
    await spec
      .given([granted(), withdrawn(), decided('permit', onConsent)])
      .when([referralReceived('wijkteam-zuid')])
      .then(async (db) => {
        expect((await findings(db)).map(({ team }) => team)).toEqual(['wijkteam-zuid']);
        expect(await findings(db, { team: 'wijkteam-noord' })).toEqual([]);
        expect(await findings(db, { check: 'disclosure_without_ground' })).toEqual([]);
        expect(await findings(db, { from: '2026-03-14', to: '2026-03-14' })).toHaveLength(1);
        expect(await findings(db, { from: '2026-03-15' })).toEqual([]);
      });
  });
});
