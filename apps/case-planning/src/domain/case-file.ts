import { type Decider, type DomainEvent, DomainError } from '@wijkteam/contracts';

/**
 * The case file (dossier) and its case direction (casusregie). Seed 000: the file is opened as soon
 * as a referral is accepted; one case director per family (1 gezin 1 plan 1 regisseur, seed 003);
 * under dwang/drang direction stays with the certified institution (GI), on referral by GOSA it
 * stays with GOSA. Every change of direction is an auditable event.
 */
export const DIRECTOR_KINDS = ['coach', 'certified_institution', 'gosa'] as const;
export type DirectorKind = (typeof DIRECTOR_KINDS)[number];

export const DIRECTION_REASONS = ['case_conference', 'capacity', 'coach_unavailable', 'dwang_drang', 'stagnation', 'warm_handover'] as const;
export type DirectionReason = (typeof DIRECTION_REASONS)[number];

export type CaseFileCommand =
  | { type: 'OpenCaseFile'; data: { caseFileId: string; clientId: string; referralId: string; route: string; openedAt: string } }
  | { type: 'AssignCaseDirector'; data: { directorId: string; directorKind: DirectorKind; reason: DirectionReason; assignedAt: string } };

export type CaseFileEvent =
  | DomainEvent<'CaseFileOpened', Extract<CaseFileCommand, { type: 'OpenCaseFile' }>['data']>
  | DomainEvent<
      'CaseDirectorAssigned',
      { caseFileId: string; directorId: string; directorKind: DirectorKind; previousDirectorId: string | null; reason: DirectionReason; assignedAt: string }
    >;

export interface CaseFileState {
  status: 'none' | 'open';
  caseFileId?: string;
  clientId?: string;
  referralId?: string;
  route?: string;
  openedAt?: string;
  director?: { directorId: string; directorKind: DirectorKind; since: string };
  directorHistory: number;
}

// seed 000: for these routes case direction stays with the referring party.
const DIRECTION_STAYS_WITH: Record<string, DirectorKind> = { certified_institution: 'certified_institution', gosa: 'gosa' };

export const caseFileDecider: Decider<CaseFileCommand, CaseFileEvent, CaseFileState> = {
  initialState: () => ({ status: 'none', directorHistory: 0 }),

  decide(command, state) {
    switch (command.type) {
      case 'OpenCaseFile':
        if (state.status !== 'none') throw new DomainError('case_file_already_open');
        return [{ type: 'CaseFileOpened', data: command.data }];
      case 'AssignCaseDirector': {
        if (state.status === 'none' || !state.caseFileId) throw new DomainError('case_file_not_found', 'not_found');
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
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CaseFileOpened':
        return { ...state, status: 'open', ...event.data };
      case 'CaseDirectorAssigned':
        return {
          ...state,
          director: { directorId: event.data.directorId, directorKind: event.data.directorKind, since: event.data.assignedAt },
          directorHistory: state.directorHistory + 1,
        };
    }
  },
};

export const caseFileStream = (caseFileId: string): string => `caseFile-${caseFileId}`;
