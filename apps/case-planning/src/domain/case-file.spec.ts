import { deciderSpec } from '@wijkteam/testing';
import { type CaseFileCommand, type CaseFileEvent, caseFileDecider, type ClosureReason } from './case-file';

const spec = deciderSpec(caseFileDecider);
const caseFileId = '0193a5b2-7c1e-7000-8000-00000000f001';
const decisionId = '0193a5b2-7c1e-7000-8000-00000000d001';
const at = '2026-11-23T09:00:00.000Z';
const later = '2027-05-01T12:00:00.000Z';
const opened = (route = 'jgz'): CaseFileEvent => ({
  type: 'CaseFileOpened',
  data: { caseFileId, clientId: 'client-1', referralId: 'referral-1', teamId: 'wijkteam-noord', route, childIds: ['client-1'], familyMemberIds: [], openedAt: at },
});
const assign = (directorId: string, overrides: Partial<Extract<CaseFileCommand, { type: 'AssignCaseDirector' }>['data']> = {}): CaseFileCommand => ({
  type: 'AssignCaseDirector',
  data: { directorId, directorKind: 'coach', reason: 'case_conference', assignedAt: at, membership: 'jeugdteam', ...overrides },
});
const assigned = (directorId: string, directorKind: 'coach' | 'certified_institution' | 'gosa' = 'coach'): CaseFileEvent => ({
  type: 'CaseDirectorAssigned',
  data: { caseFileId, directorId, directorKind, previousDirectorId: null, reason: 'case_conference', assignedAt: at },
});
type Transfer = Extract<CaseFileCommand, { type: 'TransferCaseDirection' }>['data'];
const transfer = (overrides: Partial<Transfer>): CaseFileCommand => ({
  type: 'TransferCaseDirection',
  data: {
    toDirectorId: 'coach-noord-2',
    toDirectorKind: 'coach',
    reason: 'capacity',
    decision: 'consensus',
    decidedBy: 'coach-noord-1',
    decidedByRole: 'coach',
    onBehalfOf: null,
    consentDecisionId: null,
    membership: 'jeugdteam',
    transferredAt: later,
    ...overrides,
  },
});
const transferred = (overrides: Partial<Transfer>, from: { id: string; kind: 'coach' | 'certified_institution' | 'gosa' } = { id: 'coach-noord-1', kind: 'coach' }): CaseFileEvent => {
  const { membership: _m, ...data } = (transfer(overrides) as Extract<CaseFileCommand, { type: 'TransferCaseDirection' }>).data;
  return { type: 'CaseDirectionTransferred', data: { caseFileId, fromDirectorId: from.id, fromDirectorKind: from.kind, ...data } };
};

describe('case file decider', () => {
  it('opens a case file, once', () => {
    spec.given([]).when({ type: 'OpenCaseFile', data: opened().data as never }).then([opened()]);
    spec.given([opened()]).when({ type: 'OpenCaseFile', data: opened().data as never }).thenRejects('case_file_already_open');
  });

  it("records the case conference's coaches and first-visit deadline, once", () => {
    const data = { coachIds: ['coach-noord-1', 'coach-noord-2'], firstVisitDue: '2026-12-07', assignedAt: at };
    spec.given([opened()]).when({ type: 'RecordCoachesAssigned', data }).then([{ type: 'CaseCoachesAssigned', data: { caseFileId, ...data } }]);
    spec
      .given([opened(), { type: 'CaseCoachesAssigned', data: { caseFileId, ...data } }])
      .when({ type: 'RecordCoachesAssigned', data: { ...data, coachIds: ['coach-noord-2', 'coach-noord-1'] } })
      .thenRejects('coaches_already_recorded');
  });

  describe('the first case director', () => {
    it('is a coach of the Jeugdteam holding the file', () => {
      spec.given([opened()]).when(assign('coach-noord-1')).then([assigned('coach-noord-1')]);
    });

    // seed 004: the defect of issue 14: an adult-team professional made "coach" without consent
    it('is never an adult-team professional, nor someone outside the team', () => {
      spec.given([opened()]).when(assign('volwassenenteam-1', { membership: 'volwassenenteam' })).thenRejects('director_not_a_coach_of_the_team', 'directorId');
      spec.given([opened()]).when(assign('coach-zuid-1', { membership: null })).thenRejects('director_not_a_coach_of_the_team', 'directorId');
    });

    it('is never assigned "as a warm handover": that is a transfer, with consent', () => {
      spec.given([opened()]).when(assign('coach-noord-1', { reason: 'warm_handover' })).thenRejects('warm_handover_is_a_transfer', 'reason');
    });

    // seed 000: under dwang/drang case direction stays with the GI
    it('stays with the certified institution on that route', () => {
      spec.given([opened('certified_institution')]).when(assign('coach-noord-1')).thenRejects('case_direction_stays_with_certified_institution', 'directorKind');
      spec
        .given([opened('certified_institution')])
        .when(assign('gi-west', { directorKind: 'certified_institution', membership: null }))
        .then([assigned('gi-west', 'certified_institution')]);
    });

    it('is assigned once: a second one is a transfer', () => {
      spec.given([opened(), assigned('coach-noord-1')]).when(assign('coach-noord-2')).thenRejects('case_director_already_assigned');
      spec.given([opened(), assigned('coach-noord-1')]).when(assign('coach-noord-1')).thenRejects('director_unchanged');
      spec.given([]).when(assign('coach-noord-1')).thenRejects('case_file_not_found');
    });
  });

  describe('a transfer of case direction (seed 000, 002, 004)', () => {
    const withDirector = [opened(), assigned('coach-noord-1')];

    it('names who decided, how, on whose behalf and why', () => {
      spec.given(withDirector).when(transfer({ onBehalfOf: 'coordinator-1' })).then([transferred({ onBehalfOf: 'coordinator-1' })]);
    });

    it("records the coordinator's decision as such, and only a coordinator records one", () => {
      const byCoordinator = { decision: 'coordinator_decision' as const, decidedBy: 'coordinator-1', decidedByRole: 'team-coordinator' };
      spec.given(withDirector).when(transfer(byCoordinator)).then([transferred(byCoordinator)]);
      spec.given(withDirector).when(transfer({ decision: 'coordinator_decision' })).thenRejects('coordinator_decision_by_coordinator_only', 'decision');
    });

    it('moves to the GI only under dwang/drang, to GOSA only on stagnation', () => {
      spec.given(withDirector).when(transfer({ toDirectorId: 'gi-west', toDirectorKind: 'certified_institution', reason: 'dwang_drang', membership: null })).then([
        transferred({ toDirectorId: 'gi-west', toDirectorKind: 'certified_institution', reason: 'dwang_drang', membership: null }),
      ]);
      spec.given(withDirector).when(transfer({ toDirectorId: 'gi-west', toDirectorKind: 'certified_institution', reason: 'capacity', membership: null })).thenRejects('certified_institution_only_on_dwang_drang', 'reason');
      spec.given(withDirector).when(transfer({ reason: 'stagnation' })).thenRejects('stagnation_goes_to_gosa', 'toDirectorKind');
    });

    it('comes back from the GI or GOSA only on de-escalation', () => {
      const atGi = [opened('certified_institution'), assigned('gi-west', 'certified_institution')];
      spec.given(atGi).when(transfer({ reason: 'capacity' })).thenRejects('case_direction_stays_with_certified_institution', 'reason');
      spec.given(atGi).when(transfer({ reason: 'de_escalation' })).then([transferred({ reason: 'de_escalation' }, { id: 'gi-west', kind: 'certified_institution' })]);
      spec.given(withDirector).when(transfer({ reason: 'de_escalation' })).thenRejects('de_escalation_only_from_certified_institution_or_gosa', 'reason');
    });

    it('goes to a coach of the team only', () => {
      spec.given(withDirector).when(transfer({ toDirectorId: 'volwassenenteam-1', membership: 'volwassenenteam' })).thenRejects('director_not_a_coach_of_the_team', 'toDirectorId');
    });

    // seed 004: "warme overdracht … alleen met toestemming"
    it('goes to the adult team only as a warm handover, to an adult-team member, with a consent permit', () => {
      const toAdults = { toDirectorId: 'volwassenenteam-1', toDirectorKind: 'adult_team' as const, reason: 'warm_handover' as const, membership: 'volwassenenteam' as const };
      spec.given(withDirector).when(transfer(toAdults)).thenRejects('consent_required', 'consent');
      spec.given(withDirector).when(transfer({ ...toAdults, consentDecisionId: decisionId })).then([transferred({ ...toAdults, consentDecisionId: decisionId })]);
      spec.given(withDirector).when(transfer({ ...toAdults, reason: 'capacity', consentDecisionId: decisionId })).thenRejects('adult_team_only_on_warm_handover', 'reason');
      spec.given(withDirector).when(transfer({ ...toAdults, membership: 'jeugdteam', consentDecisionId: decisionId })).thenRejects('director_not_in_the_adult_team', 'toDirectorId');
      spec.given(withDirector).when(transfer({ reason: 'warm_handover' })).thenRejects('warm_handover_goes_to_adult_team', 'toDirectorKind');
    });

    it('needs a director to transfer from, and a change', () => {
      spec.given([opened()]).when(transfer({})).thenRejects('no_case_director_yet');
      spec.given(withDirector).when(transfer({ toDirectorId: 'coach-noord-1' })).thenRejects('director_unchanged');
    });

    it('keeps the history of directors readable, oldest first', () => {
      const state = [...withDirector, transferred({})].reduce(caseFileDecider.evolve, caseFileDecider.initialState());
      expect(state.director).toEqual({ directorId: 'coach-noord-2', directorKind: 'coach', since: later });
      expect(state.directorHistory.map(({ directorId, reason, decidedBy }) => ({ directorId, reason, decidedBy }))).toEqual([
        { directorId: 'coach-noord-1', reason: 'case_conference', decidedBy: null },
        { directorId: 'coach-noord-2', reason: 'capacity', decidedBy: 'coach-noord-1' },
      ]);
    });
  });

  describe('closure, waakvlam and reopening (the retention clock, Jeugdwet art. 7.3.8)', () => {
    const informed = ['jgz', 'huisarts', 'school'];
    const close = (reason: ClosureReason, overrides: Partial<Extract<CaseFileCommand, { type: 'CloseCaseFile' }>['data']> = {}): CaseFileCommand => ({
      type: 'CloseCaseFile',
      data: { reason, informed, networkParties: ['jgz', 'huisarts'], waakvlam: null, closedAt: later, ...overrides },
    });
    const closed = (reason: ClosureReason = 'goals_reached_closed', referredTo: 'none' | 'jbp' | 'gosa' = 'none', inform = informed): CaseFileEvent => ({
      type: 'CaseFileClosed',
      data: { caseFileId, clientId: 'client-1', reason, informed: inform, referredTo, closedAt: later },
    });
    const waakvlam = { reviewOn: '2027-08-01', monitoredBy: 'coach-noord-1' };
    const watched: CaseFileEvent = { type: 'WaakvlamStarted', data: { caseFileId, clientId: 'client-1', ...waakvlam, startedAt: later } };

    it('closes with a seed 000 reason, JGZ and the GP informed', () => {
      spec.given([opened()]).when(close('goals_reached_closed')).then([closed()]);
      spec.given([opened()]).when(close('goals_reached_closed', { informed: ['jgz'] })).thenRejects('jgz_and_gp_to_be_informed', 'informed');
      // The network's parties too: the school of the network analysis was not informed.
      spec.given([opened()]).when(close('goals_reached_closed', { informed: ['jgz', 'huisarts'], networkParties: ['jgz', 'huisarts', 'school-de-linde'] })).thenRejects('network_parties_to_be_informed', 'informed');
    });

    it('refers on to the JBP on safety concerns, to GOSA on stagnation (seed 000)', () => {
      spec.given([opened()]).when(close('no_cooperation_safety_concerns')).then([closed('no_cooperation_safety_concerns', 'jbp')]);
      spec.given([opened()]).when(close('stagnation_referred_to_gosa')).then([closed('stagnation_referred_to_gosa', 'gosa')]);
    });

    it('starts a waakvlam with its review date when goals are reached and the team keeps watch', () => {
      spec.given([opened()]).when(close('goals_reached_waakvlam', { informed: [], waakvlam })).then([closed('goals_reached_waakvlam', 'none', []), watched]);
      spec.given([opened()]).when(close('goals_reached_waakvlam', { informed: [] })).thenRejects('waakvlam_required', 'waakvlam');
      spec.given([opened()]).when(close('goals_reached_closed', { waakvlam })).thenRejects('waakvlam_only_when_goals_reached', 'waakvlam');
      spec.given([opened()]).when(close('goals_reached_waakvlam', { waakvlam: { ...waakvlam, reviewOn: '2027-05-01' } })).thenRejects('review_date_out_of_range', 'waakvlam.reviewOn');
      spec.given([opened()]).when(close('goals_reached_waakvlam', { waakvlam: { ...waakvlam, reviewOn: '2028-06-01' } })).thenRejects('review_date_out_of_range', 'waakvlam.reviewOn');
    });

    it('reviews the waakvlam: on with a next date, or ended', () => {
      const review = (outcome: 'continue_monitoring' | 'ended', nextReviewOn: string | null): CaseFileCommand => ({
        type: 'ReviewWaakvlam',
        data: { outcome, nextReviewOn, reviewedBy: 'coach-noord-1', reviewedAt: '2027-08-01T09:00:00.000Z' },
      });
      const given = [opened(), closed('goals_reached_waakvlam', 'none', []), watched];
      spec.given(given).when(review('continue_monitoring', '2027-11-01')).then([{ type: 'WaakvlamReviewed', data: { caseFileId, ...(review('continue_monitoring', '2027-11-01').data as object) } as never }]);
      spec.given(given).when(review('continue_monitoring', null)).thenRejects('next_review_date_required', 'nextReviewOn');
      spec.given(given).when(review('ended', '2027-11-01')).thenRejects('no_next_review_when_ended', 'nextReviewOn');
      spec.given([opened(), closed()]).when(review('ended', null)).thenRejects('no_active_waakvlam');
    });

    it('reopens on a waakvlam signal only while a waakvlam is on', () => {
      const reopenedAt = '2027-06-01T08:00:00.000Z';
      spec
        .given([opened(), closed('goals_reached_waakvlam', 'none', []), watched])
        .when({ type: 'ReopenCaseFile', data: { reason: 'waakvlam_signal', reopenedAt } })
        .then([{ type: 'CaseFileReopened', data: { caseFileId, clientId: 'client-1', reason: 'waakvlam_signal', reopenedAt } }]);
      spec.given([opened(), closed()]).when({ type: 'ReopenCaseFile', data: { reason: 'waakvlam_signal', reopenedAt } }).thenRejects('no_active_waakvlam', 'reason');
      const state = [opened(), closed('goals_reached_waakvlam', 'none', []), watched, { type: 'CaseFileReopened', data: { caseFileId, clientId: 'client-1', reason: 'waakvlam_signal', reopenedAt } } as CaseFileEvent].reduce(
        caseFileDecider.evolve,
        caseFileDecider.initialState(),
      );
      expect(state).toMatchObject({ status: 'open', waakvlam: { active: false } });
    });

    it('refuses a reason outside the list, a closure before the opening, a second closure', () => {
      spec.given([opened()]).when(close('bored' as never)).thenRejects('unknown_closure_reason', 'reason');
      spec.given([opened()]).when(close('goals_reached_closed', { closedAt: '2020-01-01T00:00:00.000Z' })).thenRejects('closed_before_opened', 'closedAt');
      spec.given([opened(), closed()]).when(close('goals_reached_closed')).thenRejects('case_file_already_closed');
      spec.given([]).when(close('goals_reached_closed')).thenRejects('case_file_not_found');
    });

    it('does not change direction on a closed file', () => {
      spec.given([opened(), closed()]).when(assign('coach-noord-2')).thenRejects('case_file_closed');
      spec.given([opened(), assigned('coach-noord-1'), closed()]).when(transfer({})).thenRejects('case_file_closed');
    });

    it('reopens a closed file (the clock stops), and only a closed one, not before its closure', () => {
      const reopenedAt = '2027-06-01T08:00:00.000Z';
      spec.given([opened()]).when({ type: 'ReopenCaseFile', data: { reason: 'new_help_request', reopenedAt } }).thenRejects('case_file_not_closed');
      spec.given([opened(), closed()]).when({ type: 'ReopenCaseFile', data: { reason: 'new_help_request', reopenedAt: at } }).thenRejects('reopened_before_closed', 'reopenedAt');
    });

    it('folds a closure of before v2 (no informed parties) as referred nowhere', () => {
      const v1 = { type: 'CaseFileClosed', data: { caseFileId, clientId: 'client-1', reason: 'goals_reached_closed', closedAt: later } } as unknown as CaseFileEvent;
      const state = [opened(), v1].reduce(caseFileDecider.evolve, caseFileDecider.initialState());
      expect(state.closure).toEqual({ reason: 'goals_reached_closed', closedAt: later, informed: [], referredTo: 'none' });
    });
  });
});
