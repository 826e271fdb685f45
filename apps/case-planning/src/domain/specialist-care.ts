import { type Decider, type DomainEvent, DomainError, SPECIALIST_CARE_OUTCOMES, SPECIALIST_CARE_TYPES, streamOf } from '@wijkteam/contracts';

/**
 * Specialist care (gespecialiseerde jeugdhulp) for a case file. Seed 002: before it is deployed the
 * weighing framework is completed, "altijd een collega en een gedragswetenschapper betrokken"; seed
 * 000/003: the case director requests it and stays case director while it runs. Four eyes: each of
 * the two records their own consultation (the user and role come from their token), neither is the
 * requester, and only then the director or the team coordinator decides.
 */
export { SPECIALIST_CARE_OUTCOMES, SPECIALIST_CARE_TYPES };
export type SpecialistCareType = (typeof SPECIALIST_CARE_TYPES)[number];
export type SpecialistCareOutcome = (typeof SPECIALIST_CARE_OUTCOMES)[number];

/** The logged-in user, as the token names them: never taken from a request body. */
export interface Actor {
  userId: string;
  roles: readonly string[];
}

export type SpecialistCareCommand =
  | { type: 'RequestSpecialistCare'; data: { caseFileId: string; clientId: string; requestId: string; careType: SpecialistCareType; directorId: string | null; requestedBy: Actor; requestedAt: string } }
  | { type: 'RecordConsultation'; data: { requestId: string; consultedBy: Actor; consultedAt: string } }
  | { type: 'DecideSpecialistCare'; data: { requestId: string; outcome: SpecialistCareOutcome; directorId: string | null; decidedBy: Actor; decidedAt: string } };

type Consultation = { userId: string; role: 'coach' | 'behavioural-scientist'; consultedAt: string };

export type SpecialistCareEvent =
  | DomainEvent<'SpecialistCareRequested', { caseFileId: string; clientId: string; requestId: string; careType: SpecialistCareType; requestedBy: string; requestedAt: string }>
  | DomainEvent<'SpecialistCareConsulted', { caseFileId: string; requestId: string; consultedBy: string; role: Consultation['role']; consultedAt: string }>
  | DomainEvent<
      'SpecialistCareDecided',
      {
        caseFileId: string;
        requestId: string;
        careType: SpecialistCareType;
        outcome: SpecialistCareOutcome;
        requestedBy: string;
        colleagueId: string;
        colleagueRole: 'coach';
        behaviouralScientistId: string;
        decidedBy: string;
        decidedByRole: string;
        decidedAt: string;
      }
    >;

export interface SpecialistCareRequest {
  requestId: string;
  careType: SpecialistCareType;
  requestedBy: string;
  requestedAt: string;
  colleague?: Consultation;
  behaviouralScientist?: Consultation;
  outcome?: SpecialistCareOutcome;
  decidedBy?: string;
  decidedAt?: string;
}

export interface SpecialistCareState {
  caseFileId?: string;
  clientId?: string;
  /** Every request, the newest last; at most one undecided. */
  requests: SpecialistCareRequest[];
}

export const specialistCareDecider: Decider<SpecialistCareCommand, SpecialistCareEvent, SpecialistCareState> = {
  initialState: () => ({ requests: [] }),

  decide(command, state) {
    switch (command.type) {
      case 'RequestSpecialistCare': {
        const { caseFileId, clientId, requestId, careType, directorId, requestedBy, requestedAt } = command.data;
        // seed 000: the case director requests specialist care, and stays director.
        if (directorId === null || requestedBy.userId !== directorId) throw new DomainError('not_case_director', 'forbidden');
        if (!(SPECIALIST_CARE_TYPES as readonly string[]).includes(careType)) throw new DomainError('unknown_care_type', 'unprocessable', 'careType');
        if (state.requests.some((request) => request.outcome === undefined)) throw new DomainError('specialist_care_request_open');
        return [{ type: 'SpecialistCareRequested', data: { caseFileId, clientId, requestId, careType, requestedBy: requestedBy.userId, requestedAt } }];
      }
      case 'RecordConsultation': {
        const request = undecided(state, command.data.requestId);
        const { consultedBy, consultedAt } = command.data;
        if (consultedBy.userId === request.requestedBy) throw new DomainError('requester_cannot_consult', 'forbidden');
        // The behavioural scientist's role counts first: a colleague is a coach who is not the scientist.
        const role = consultedBy.roles.includes('behavioural-scientist') ? 'behavioural-scientist' : consultedBy.roles.includes('coach') ? 'coach' : undefined;
        if (!role) throw new DomainError('not_a_consultant_role', 'forbidden');
        const slot = role === 'coach' ? request.colleague : request.behaviouralScientist;
        if (slot) throw new DomainError(role === 'coach' ? 'colleague_already_consulted' : 'behavioural_scientist_already_consulted');
        const other = role === 'coach' ? request.behaviouralScientist : request.colleague;
        if (other?.userId === consultedBy.userId) throw new DomainError('consulted_twice_by_one_person', 'forbidden');
        return [{ type: 'SpecialistCareConsulted', data: { caseFileId: state.caseFileId as string, requestId: request.requestId, consultedBy: consultedBy.userId, role, consultedAt } }];
      }
      case 'DecideSpecialistCare': {
        const request = undecided(state, command.data.requestId);
        const { outcome, directorId, decidedBy, decidedAt } = command.data;
        const asDirector = directorId !== null && decidedBy.userId === directorId;
        if (!asDirector && !decidedBy.roles.includes('team-coordinator')) throw new DomainError('not_allowed_to_decide', 'forbidden');
        if (!(SPECIALIST_CARE_OUTCOMES as readonly string[]).includes(outcome)) throw new DomainError('unknown_outcome', 'unprocessable', 'outcome');
        // Four eyes (seed 002): not before both consultations are recorded.
        if (!request.colleague || !request.behaviouralScientist) throw new DomainError('consultations_missing', 'unprocessable', 'consultations');
        return [
          {
            type: 'SpecialistCareDecided',
            data: {
              caseFileId: state.caseFileId as string,
              requestId: request.requestId,
              careType: request.careType,
              outcome,
              requestedBy: request.requestedBy,
              colleagueId: request.colleague.userId,
              colleagueRole: 'coach',
              behaviouralScientistId: request.behaviouralScientist.userId,
              decidedBy: decidedBy.userId,
              decidedByRole: asDirector ? 'case-director' : 'team-coordinator',
              decidedAt,
            },
          },
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'SpecialistCareRequested': {
        const { caseFileId, clientId, requestId, careType, requestedBy, requestedAt } = event.data;
        return { caseFileId, clientId, requests: [...state.requests, { requestId, careType, requestedBy, requestedAt }] };
      }
      case 'SpecialistCareConsulted': {
        const { requestId, consultedBy, role, consultedAt } = event.data;
        const consultation: Consultation = { userId: consultedBy, role, consultedAt };
        return update(state, requestId, (request) => (role === 'coach' ? { ...request, colleague: consultation } : { ...request, behaviouralScientist: consultation }));
      }
      case 'SpecialistCareDecided': {
        const { requestId, outcome, decidedBy, decidedAt } = event.data;
        return update(state, requestId, (request) => ({ ...request, outcome, decidedBy, decidedAt }));
      }
    }
  },
};

function undecided(state: SpecialistCareState, requestId: string): SpecialistCareRequest {
  const request = state.requests.find((candidate) => candidate.requestId === requestId);
  if (!request) throw new DomainError('specialist_care_request_not_found', 'not_found');
  if (request.outcome !== undefined) throw new DomainError('specialist_care_already_decided');
  return request;
}

const update = (state: SpecialistCareState, requestId: string, change: (request: SpecialistCareRequest) => SpecialistCareRequest): SpecialistCareState => ({
  ...state,
  requests: state.requests.map((request) => (request.requestId === requestId ? change(request) : request)),
});

/** `casePlanning.specialistCare-<caseFileId>` */
export const specialistCareStream = streamOf('case-planning', 'specialistCare');
