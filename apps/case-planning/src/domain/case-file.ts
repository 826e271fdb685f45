import { CLOSURE_REASONS, type Decider, DIRECTION_REASONS, DIRECTOR_KINDS, type DomainEvent, DomainError, REOPENING_REASONS, streamOf } from '@wijkteam/contracts';

/**
 * The case file (dossier) and its case direction (casusregie). Seed 000: the file is opened as soon
 * as a referral is accepted; one case director per family (1 gezin 1 plan 1 regisseur, seed 003);
 * under dwang/drang direction stays with the certified institution (GI), on referral by GOSA it
 * stays with GOSA. Every change of direction is an auditable event.
 */
// The lists are part of the public contract (libs/contracts): the events carry them as enums.
export { CLOSURE_REASONS, DIRECTION_REASONS, DIRECTOR_KINDS, REOPENING_REASONS };
export type DirectorKind = (typeof DIRECTOR_KINDS)[number];
export type DirectionReason = (typeof DIRECTION_REASONS)[number];
export type ClosureReason = (typeof CLOSURE_REASONS)[number];
export type ReopeningReason = (typeof REOPENING_REASONS)[number];

export type CaseFileCommand =
  | {
      type: 'OpenCaseFile';
      /** teamId: the team that accepted the referral (null for a referral of before issue 13); the family by ids. */
      data: { caseFileId: string; clientId: string; referralId: string; teamId: string | null; route: string; childIds: string[]; familyMemberIds: string[]; openedAt: string };
    }
  /** From intake's CoachesAssigned (case conference): the coaches and the first-visit deadline. */
  | { type: 'RecordCoachesAssigned'; data: { coachIds: string[]; firstVisitDue: string; assignedAt: string } }
  | { type: 'AssignCaseDirector'; data: { directorId: string; directorKind: DirectorKind; reason: DirectionReason; assignedAt: string } }
  | { type: 'CloseCaseFile'; data: { reason: ClosureReason; closedAt: string } }
  | { type: 'ReopenCaseFile'; data: { reason: ReopeningReason; reopenedAt: string } };

export type CaseFileEvent =
  | DomainEvent<'CaseFileOpened', Extract<CaseFileCommand, { type: 'OpenCaseFile' }>['data']>
  | DomainEvent<
      'CaseDirectorAssigned',
      { caseFileId: string; directorId: string; directorKind: DirectorKind; previousDirectorId: string | null; reason: DirectionReason; assignedAt: string }
    >
  | DomainEvent<'CaseCoachesAssigned', { caseFileId: string; coachIds: string[]; firstVisitDue: string; assignedAt: string }>
  /** Care ended: the retention clock (Jeugdwet art. 7.3.8) of the client starts here. */
  | DomainEvent<'CaseFileClosed', { caseFileId: string; clientId: string; reason: ClosureReason; closedAt: string }>
  /** Care resumed: the retention clock stops until the next closure. */
  | DomainEvent<'CaseFileReopened', { caseFileId: string; clientId: string; reason: ReopeningReason; reopenedAt: string }>;

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
  director?: { directorId: string; directorKind: DirectorKind; since: string };
  directorHistory: number;
  closure?: { reason: ClosureReason; closedAt: string };
}

// seed 000: for these routes case direction stays with the referring party.
const DIRECTION_STAYS_WITH: Record<string, DirectorKind> = { certified_institution: 'certified_institution', gosa: 'gosa' };

export const caseFileDecider: Decider<CaseFileCommand, CaseFileEvent, CaseFileState> = {
  initialState: () => ({ status: 'none', directorHistory: 0, coachIds: [] }),

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
        if (state.status === 'none' || !state.caseFileId) throw new DomainError('case_file_not_found', 'not_found');
        if (state.status === 'closed') throw new DomainError('case_file_closed');
        const { directorId, directorKind } = command.data;
        if (state.director?.directorId === directorId && state.director.directorKind === directorKind)
          throw new DomainError('director_unchanged');
        const required = state.route ? DIRECTION_STAYS_WITH[state.route] : undefined;
        if (required && directorKind !== required) throw new DomainError(`case_direction_stays_with_${required}`, 'unprocessable', 'directorKind');
        return [
          {
            type: 'CaseDirectorAssigned',
            data: { caseFileId: state.caseFileId, ...command.data, previousDirectorId: state.director?.directorId ?? null },
          },
        ];
      }
      case 'CloseCaseFile': {
        const { caseFileId, clientId } = existing(state);
        if (state.status === 'closed') throw new DomainError('case_file_already_closed');
        if (!(CLOSURE_REASONS as readonly string[]).includes(command.data.reason)) throw new DomainError('unknown_closure_reason', 'unprocessable', 'reason');
        notBefore(command.data.closedAt, state.openedAt, 'closedAt');
        return [{ type: 'CaseFileClosed', data: { caseFileId, clientId, reason: command.data.reason, closedAt: command.data.closedAt } }];
      }
      case 'ReopenCaseFile': {
        const { caseFileId, clientId } = existing(state);
        if (state.status !== 'closed') throw new DomainError('case_file_not_closed');
        if (!(REOPENING_REASONS as readonly string[]).includes(command.data.reason)) throw new DomainError('unknown_reopening_reason', 'unprocessable', 'reason');
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
          referredAt: event.data.openedAt,
        };
      case 'CaseCoachesAssigned':
        return { ...state, coachIds: event.data.coachIds, firstVisitDue: event.data.firstVisitDue };
      case 'CaseDirectorAssigned':
        return {
          ...state,
          director: { directorId: event.data.directorId, directorKind: event.data.directorKind, since: event.data.assignedAt },
          directorHistory: state.directorHistory + 1,
        };
      case 'CaseFileClosed':
        return { ...state, status: 'closed', closure: { reason: event.data.reason, closedAt: event.data.closedAt } };
      case 'CaseFileReopened': {
        const { closure: _closed, ...open } = state;
        return { ...open, status: 'open' };
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
