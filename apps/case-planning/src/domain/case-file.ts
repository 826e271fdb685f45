import {
  CLOSURE_REASONS,
  CLOSURE_REFERRALS,
  type Decider,
  DIRECTION_DECISIONS,
  DIRECTION_HOLDER_KINDS,
  DIRECTION_REASONS,
  DIRECTOR_KINDS,
  type DomainEvent,
  DomainError,
  HOLDER_REQUIRES_TRANSFER_REASON,
  REOPENING_REASONS,
  streamOf,
  TRANSFER_REASON_REQUIRES_HOLDER,
  TRANSFER_REASONS,
  WAAKVLAM_OUTCOMES,
} from '@wijkteam/contracts';

/**
 * The case file (dossier) and its case direction (casusregie). Seed 000: the file is opened as soon
 * as a referral is accepted; one case director per family (1 gezin 1 plan 1 regisseur, seed 003);
 * under dwang/drang direction stays with the certified institution (GI), on referral by GOSA it
 * stays with GOSA. Every change of direction is an auditable event.
 */
// The lists are part of the public contract (libs/contracts): the events carry them as enums.
export { CLOSURE_REASONS, DIRECTION_DECISIONS, DIRECTION_HOLDER_KINDS, DIRECTION_REASONS, DIRECTOR_KINDS, REOPENING_REASONS, TRANSFER_REASONS, WAAKVLAM_OUTCOMES };
export type DirectorKind = (typeof DIRECTOR_KINDS)[number];
export type DirectionReason = (typeof DIRECTION_REASONS)[number];
export type ClosureReason = (typeof CLOSURE_REASONS)[number];
export type ReopeningReason = (typeof REOPENING_REASONS)[number];
export type DirectionHolderKind = (typeof DIRECTION_HOLDER_KINDS)[number];
export type TransferReason = (typeof TRANSFER_REASONS)[number];
export type DirectionDecision = (typeof DIRECTION_DECISIONS)[number];
export type ClosureReferral = (typeof CLOSURE_REFERRALS)[number];
export type WaakvlamOutcome = (typeof WAAKVLAM_OUTCOMES)[number];
/** What intake's team directory says of a proposed director now: a member of the file's team, of which kind, or none. */
export type DirectorMembership = 'jeugdteam' | 'volwassenenteam' | null;

export type CaseFileCommand =
  | {
      type: 'OpenCaseFile';
      /** teamId: the team that accepted the referral (null for a referral of before issue 13); the family by ids. */
      data: {
        caseFileId: string;
        clientId: string;
        referralId: string;
        teamId: string | null;
        route: string;
        childIds: string[];
        familyMemberIds: string[];
        /** When the referral came in (intake); absent on files opened before issue 14: then the opening. */
        referredAt?: string;
        openedAt: string;
      };
    }
  /** From intake's CoachesAssigned (case conference): the coaches and the first-visit deadline. */
  | { type: 'RecordCoachesAssigned'; data: { coachIds: string[]; firstVisitDue: string; assignedAt: string } }
  /** The first case director of the file (case conference or first visit). */
  | {
      type: 'AssignCaseDirector';
      data: { directorId: string; directorKind: DirectorKind; reason: DirectionReason; assignedAt: string; membership: DirectorMembership };
    }
  /** Every later change of case direction: to whom, why, decided how, by whom, for whom. */
  | {
      type: 'TransferCaseDirection';
      data: {
        toDirectorId: string;
        toDirectorKind: DirectionHolderKind;
        reason: TransferReason;
        decision: DirectionDecision;
        decidedBy: string;
        decidedByRole: string;
        onBehalfOf: string | null;
        /** seed 004: the consent service's permit for a handover to the adult team, asked at this moment. */
        consentDecisionId: string | null;
        membership: DirectorMembership;
        transferredAt: string;
      };
    }
  | {
      type: 'CloseCaseFile';
      /** networkParties: the professional parties of the file's network analysis (looked up by the handler): they are informed too. */
      data: { reason: ClosureReason; informed: string[]; networkParties: string[]; waakvlam: { reviewOn: string; monitoredBy: string } | null; closedAt: string };
    }
  | { type: 'ReviewWaakvlam'; data: { outcome: WaakvlamOutcome; nextReviewOn: string | null; reviewedBy: string; reviewedAt: string } }
  | { type: 'ReopenCaseFile'; data: { reason: ReopeningReason; reopenedAt: string } };

type TransferData = Extract<CaseFileCommand, { type: 'TransferCaseDirection' }>['data'];

export type CaseFileEvent =
  | DomainEvent<'CaseFileOpened', Extract<CaseFileCommand, { type: 'OpenCaseFile' }>['data']>
  | DomainEvent<'CaseCoachesAssigned', { caseFileId: string; coachIds: string[]; firstVisitDue: string; assignedAt: string }>
  | DomainEvent<
      'CaseDirectorAssigned',
      { caseFileId: string; directorId: string; directorKind: DirectorKind; previousDirectorId: string | null; reason: DirectionReason; assignedAt: string }
    >
  | DomainEvent<
      'CaseDirectionTransferred',
      { caseFileId: string; fromDirectorId: string; fromDirectorKind: DirectionHolderKind } & Omit<TransferData, 'membership'>
    >
  /** Care ended: the retention clock (Jeugdwet art. 7.3.8) of the client starts here. */
  | DomainEvent<'CaseFileClosed', { caseFileId: string; clientId: string; reason: ClosureReason; informed: string[]; referredTo: ClosureReferral; closedAt: string }>
  | DomainEvent<'WaakvlamStarted', { caseFileId: string; clientId: string; monitoredBy: string; reviewOn: string; startedAt: string }>
  | DomainEvent<'WaakvlamReviewed', { caseFileId: string; outcome: WaakvlamOutcome; nextReviewOn: string | null; reviewedBy: string; reviewedAt: string }>
  /** Care resumed: the retention clock stops until the next closure. */
  | DomainEvent<'CaseFileReopened', { caseFileId: string; clientId: string; reason: ReopeningReason; reopenedAt: string }>;

/** One entry of the history of directors (seed 002: the inspection asks who directed when, and why). */
export interface DirectorRecord {
  directorId: string;
  directorKind: DirectionHolderKind;
  since: string;
  reason: DirectionReason | TransferReason;
  decision: DirectionDecision | null;
  decidedBy: string | null;
}

export interface CaseFileState {
  status: 'none' | 'open' | 'closed';
  caseFileId?: string;
  clientId?: string;
  referralId?: string;
  /** The team holding the file: only its members act on it (seed 004). null: opened before issue 14. */
  teamId?: string | null;
  childIds?: string[];
  familyMemberIds?: string[];
  route?: string;
  openedAt?: string;
  /**
   * When the referral came in: the clock of the network analysis and plan (2-6 weeks) and of the
   * evaluations (3 and 6 months, then every 3; seed 000 "3 maanden na aanmelding").
   */
  referredAt?: string;
  /** The coaches the case conference assigned (intake's CoachesAssigned); empty until then. */
  coachIds: string[];
  /** seed 000: the first visit within 2 weeks of the referral, as the case conference set it (YYYY-MM-DD). */
  firstVisitDue?: string;
  director?: { directorId: string; directorKind: DirectionHolderKind; since: string };
  /** Every director the file had, oldest first. */
  directorHistory: DirectorRecord[];
  closure?: { reason: ClosureReason; closedAt: string; informed: string[]; referredTo: ClosureReferral };
  /** seed 003: the light watch after closure; a signal reopens the file. */
  waakvlam?: { monitoredBy: string; reviewOn: string; active: boolean };
}

// seed 000: for these routes case direction stays with the referring party.
const DIRECTION_STAYS_WITH: Record<string, DirectorKind> = { certified_institution: 'certified_institution', gosa: 'gosa' };

/** seed 000: closures after which JGZ and the GP are informed ("JGZ, huisartsen en betrokken partijen informeren"). */
const CLOSURE_INFORMS: readonly ClosureReason[] = ['goals_reached_closed', 'no_cooperation_no_safety_concerns', 'no_cooperation_safety_concerns', 'stagnation_referred_to_gosa'];
const CLOSURE_REFERS: Partial<Record<ClosureReason, ClosureReferral>> = { no_cooperation_safety_concerns: 'jbp', stagnation_referred_to_gosa: 'gosa' };
/** A waakvlam is light and short: its review within a year of the closure. */
const WAAKVLAM_MAX_DAYS = 366;

const unprocessable = (code: string, field: string) => new DomainError(code, 'unprocessable', field);

function assertMembership(kind: DirectionHolderKind, membership: DirectorMembership, field: string): void {
  // seed 004: only the Jeugdteam's own coaches direct youth files; an adult-team colleague only after a warm handover.
  if (kind === 'coach' && membership !== 'jeugdteam') throw unprocessable('director_not_a_coach_of_the_team', field);
  if (kind === 'adult_team' && membership !== 'volwassenenteam') throw unprocessable('director_not_in_the_adult_team', field);
}

function decideTransfer(state: CaseFileState, data: TransferData): CaseFileEvent[] {
  const { caseFileId } = existing(state);
  if (state.status === 'closed') throw new DomainError('case_file_closed');
  const from = state.director;
  if (!from) throw new DomainError('no_case_director_yet');
  if (from.directorId === data.toDirectorId && from.directorKind === data.toDirectorKind) throw new DomainError('director_unchanged');
  if (data.decision === 'coordinator_decision' && data.decidedByRole !== 'team-coordinator')
    throw new DomainError('coordinator_decision_by_coordinator_only', 'forbidden', 'decision');
  const kindForReason = TRANSFER_REASON_REQUIRES_HOLDER[data.reason];
  if (kindForReason && data.toDirectorKind !== kindForReason) throw unprocessable(`${data.reason}_goes_to_${kindForReason}`, 'toDirectorKind');
  const reasonForKind = HOLDER_REQUIRES_TRANSFER_REASON[data.toDirectorKind];
  if (reasonForKind && data.reason !== reasonForKind) throw unprocessable(`${data.toDirectorKind}_only_on_${reasonForKind}`, 'reason');
  // seed 000: with the GI or GOSA direction stays there until the family de-escalates to voluntary help.
  const heldByReferrer = from.directorKind === 'certified_institution' || from.directorKind === 'gosa';
  if (heldByReferrer && data.toDirectorKind === 'coach' && data.reason !== 'de_escalation') throw unprocessable(`case_direction_stays_with_${from.directorKind}`, 'reason');
  if (data.reason === 'de_escalation' && !heldByReferrer) throw unprocessable('de_escalation_only_from_certified_institution_or_gosa', 'reason');
  assertMembership(data.toDirectorKind, data.membership, 'toDirectorId');
  if (data.toDirectorKind === 'adult_team' && !data.consentDecisionId) throw unprocessable('consent_required', 'consent');
  const { membership: _looked, ...recorded } = data;
  return [{ type: 'CaseDirectionTransferred', data: { caseFileId, fromDirectorId: from.directorId, fromDirectorKind: from.directorKind, ...recorded } }];
}

function decideClosure(state: CaseFileState, data: Extract<CaseFileCommand, { type: 'CloseCaseFile' }>['data']): CaseFileEvent[] {
  const { caseFileId, clientId } = existing(state);
  if (state.status === 'closed') throw new DomainError('case_file_already_closed');
  if (!(CLOSURE_REASONS as readonly string[]).includes(data.reason)) throw unprocessable('unknown_closure_reason', 'reason');
  notBefore(data.closedAt, state.openedAt, 'closedAt');
  if (CLOSURE_INFORMS.includes(data.reason)) {
    // seed 000: "JGZ, huisartsen en betrokken partijen informeren"
    if (!(data.informed.includes('jgz') && data.informed.includes('huisarts'))) throw unprocessable('jgz_and_gp_to_be_informed', 'informed');
    if (!data.networkParties.every((party) => data.informed.includes(party))) throw unprocessable('network_parties_to_be_informed', 'informed');
  }
  const closed: CaseFileEvent = {
    type: 'CaseFileClosed',
    data: { caseFileId, clientId, reason: data.reason, informed: [...new Set(data.informed)], referredTo: CLOSURE_REFERS[data.reason] ?? 'none', closedAt: data.closedAt },
  };
  if (data.reason !== 'goals_reached_waakvlam') {
    if (data.waakvlam) throw unprocessable('waakvlam_only_when_goals_reached', 'waakvlam');
    return [closed];
  }
  // seed 000: "nog geen overdracht als er redenen zijn om … de zorg (voorlopig nog) te monitoren"
  if (!data.waakvlam) throw unprocessable('waakvlam_required', 'waakvlam');
  assertReviewDate(data.waakvlam.reviewOn, data.closedAt, 'waakvlam.reviewOn');
  return [closed, { type: 'WaakvlamStarted', data: { caseFileId, clientId, monitoredBy: data.waakvlam.monitoredBy, reviewOn: data.waakvlam.reviewOn, startedAt: data.closedAt } }];
}

function assertReviewDate(reviewOn: string, after: string, field: string): void {
  const days = (Date.parse(`${reviewOn}T00:00:00.000Z`) - Date.parse(`${after.slice(0, 10)}T00:00:00.000Z`)) / 86_400_000;
  if (Number.isNaN(days)) throw unprocessable('invalid_date', field);
  if (days < 1 || days > WAAKVLAM_MAX_DAYS) throw unprocessable('review_date_out_of_range', field);
}

export const caseFileDecider: Decider<CaseFileCommand, CaseFileEvent, CaseFileState> = {
  initialState: () => ({ status: 'none', directorHistory: [], coachIds: [] }),

  decide(command, state) {
    switch (command.type) {
      case 'OpenCaseFile':
        if (state.status !== 'none') throw new DomainError('case_file_already_open');
        return [{ type: 'CaseFileOpened', data: command.data }];
      case 'RecordCoachesAssigned': {
        const { caseFileId } = existing(state);
        const { coachIds, firstVisitDue } = command.data;
        if (state.firstVisitDue === firstVisitDue && sameMembers(state.coachIds, coachIds)) throw new DomainError('coaches_already_recorded');
        return [{ type: 'CaseCoachesAssigned', data: { caseFileId, ...command.data } }];
      }
      case 'AssignCaseDirector': {
        const { caseFileId } = existing(state);
        if (state.status === 'closed') throw new DomainError('case_file_closed');
        const { directorId, directorKind, reason, assignedAt, membership } = command.data;
        // The first director only; every later change is a transfer with its reason and decision.
        if (state.director?.directorId === directorId && state.director.directorKind === directorKind) throw new DomainError('director_unchanged');
        if (state.director) throw new DomainError('case_director_already_assigned');
        // seed 004: a warm handover moves direction from the Jeugdteam, with consent: a transfer, never a first assignment.
        if (reason === 'warm_handover') throw unprocessable('warm_handover_is_a_transfer', 'reason');
        const required = state.route ? DIRECTION_STAYS_WITH[state.route] : undefined;
        if (required && directorKind !== required) throw unprocessable(`case_direction_stays_with_${required}`, 'directorKind');
        assertMembership(directorKind, membership, 'directorId');
        return [{ type: 'CaseDirectorAssigned', data: { caseFileId, directorId, directorKind, previousDirectorId: null, reason, assignedAt } }];
      }
      case 'TransferCaseDirection':
        return decideTransfer(state, command.data);
      case 'CloseCaseFile':
        return decideClosure(state, command.data);
      case 'ReviewWaakvlam': {
        const { caseFileId } = existing(state);
        if (!state.waakvlam?.active) throw new DomainError('no_active_waakvlam');
        const { outcome, nextReviewOn } = command.data;
        if (outcome === 'continue_monitoring') {
          if (!nextReviewOn) throw unprocessable('next_review_date_required', 'nextReviewOn');
          assertReviewDate(nextReviewOn, command.data.reviewedAt, 'nextReviewOn');
        } else if (nextReviewOn !== null) throw unprocessable('no_next_review_when_ended', 'nextReviewOn');
        return [{ type: 'WaakvlamReviewed', data: { caseFileId, ...command.data } }];
      }
      case 'ReopenCaseFile': {
        const { caseFileId, clientId } = existing(state);
        if (state.status !== 'closed') throw new DomainError('case_file_not_closed');
        if (!(REOPENING_REASONS as readonly string[]).includes(command.data.reason)) throw unprocessable('unknown_reopening_reason', 'reason');
        // seed 003: the waakvlam is what a signal reopens.
        if (command.data.reason === 'waakvlam_signal' && !state.waakvlam?.active) throw unprocessable('no_active_waakvlam', 'reason');
        notBefore(command.data.reopenedAt, state.closure?.closedAt, 'reopenedAt');
        return [{ type: 'CaseFileReopened', data: { caseFileId, clientId, reason: command.data.reason, reopenedAt: command.data.reopenedAt } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CaseFileOpened':
        // A file opened before issue 14 names no team and only the referred child.
        return {
          ...state,
          status: 'open',
          ...event.data,
          teamId: event.data.teamId ?? null,
          childIds: event.data.childIds ?? [event.data.clientId],
          familyMemberIds: event.data.familyMemberIds ?? [],
          referredAt: event.data.referredAt ?? event.data.openedAt,
        };
      case 'CaseCoachesAssigned':
        return { ...state, coachIds: event.data.coachIds, firstVisitDue: event.data.firstVisitDue };
      case 'CaseDirectorAssigned': {
        // Before issue 14 a change of director was a second CaseDirectorAssigned.
        const { directorId, directorKind, reason, assignedAt } = event.data;
        return {
          ...state,
          director: { directorId, directorKind, since: assignedAt },
          directorHistory: [...state.directorHistory, { directorId, directorKind, since: assignedAt, reason, decision: null, decidedBy: null }],
        };
      }
      case 'CaseDirectionTransferred': {
        const { toDirectorId, toDirectorKind, transferredAt, reason, decision, decidedBy } = event.data;
        return {
          ...state,
          director: { directorId: toDirectorId, directorKind: toDirectorKind, since: transferredAt },
          directorHistory: [...state.directorHistory, { directorId: toDirectorId, directorKind: toDirectorKind, since: transferredAt, reason, decision, decidedBy }],
        };
      }
      case 'CaseFileClosed':
        return {
          ...state,
          status: 'closed',
          closure: { reason: event.data.reason, closedAt: event.data.closedAt, informed: event.data.informed ?? [], referredTo: event.data.referredTo ?? 'none' },
        };
      case 'WaakvlamStarted':
        return { ...state, waakvlam: { monitoredBy: event.data.monitoredBy, reviewOn: event.data.reviewOn, active: true } };
      case 'WaakvlamReviewed':
        if (!state.waakvlam) return state;
        return { ...state, waakvlam: { ...state.waakvlam, active: event.data.outcome === 'continue_monitoring', reviewOn: event.data.nextReviewOn ?? state.waakvlam.reviewOn } };
      case 'CaseFileReopened': {
        const { closure: _closed, ...open } = state;
        return { ...open, status: 'open', waakvlam: state.waakvlam ? { ...state.waakvlam, active: false } : undefined };
      }
    }
  },
};

function existing(state: CaseFileState): { caseFileId: string; clientId: string } {
  if (state.status === 'none' || !state.caseFileId || !state.clientId) throw new DomainError('case_file_not_found', 'not_found');
  return { caseFileId: state.caseFileId, clientId: state.clientId };
}

const sameMembers = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((id) => b.includes(id));

/** A closure or reopening dated before what it follows would corrupt the retention clock. */
function notBefore(at: string, earliest: string | undefined, field: string): void {
  if (Number.isNaN(Date.parse(at))) throw new DomainError('invalid_date', 'unprocessable', field);
  if (earliest !== undefined && Date.parse(at) < Date.parse(earliest)) throw new DomainError(`${field === 'closedAt' ? 'closed_before_opened' : 'reopened_before_closed'}`, 'unprocessable', field);
}

/** `casePlanning.caseFile-<caseFileId>` */
export const caseFileStream = streamOf('case-planning', 'caseFile');
