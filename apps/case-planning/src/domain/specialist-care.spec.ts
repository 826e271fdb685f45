import { deciderSpec } from '@wijkteam/testing';
import { type SpecialistCareEvent, specialistCareDecider } from './specialist-care';

const spec = deciderSpec(specialistCareDecider);
const caseFileId = '0193a5b2-7c1e-7000-8000-00000000f001';
const clientId = '0193a5b2-7c1e-7000-8000-00000000c001';
const requestId = '0193a5b2-7c1e-7000-8000-0000000000e1';
const at = '2026-05-04T10:00:00.000Z';
const director = { userId: 'coach-noord-1', roles: ['coach'] };
const colleague = { userId: 'coach-noord-2', roles: ['coach'] };
const scientist = { userId: 'gedragswetenschapper-1', roles: ['behavioural-scientist'] };
const coordinator = { userId: 'coordinator-1', roles: ['team-coordinator'] };

const request = (requestedBy = director, directorId: string | null = 'coach-noord-1') => ({
  type: 'RequestSpecialistCare' as const,
  data: { caseFileId, clientId, requestId, careType: 'jeugd_ggz' as const, directorId, requestedBy, requestedAt: at },
});
const requested: SpecialistCareEvent = { type: 'SpecialistCareRequested', data: { caseFileId, clientId, requestId, careType: 'jeugd_ggz', requestedBy: 'coach-noord-1', requestedAt: at } };
const consult = (consultedBy: { userId: string; roles: string[] }) => ({ type: 'RecordConsultation' as const, data: { requestId, consultedBy, consultedAt: at } });
const consulted = (consultedBy: string, role: 'coach' | 'behavioural-scientist'): SpecialistCareEvent => ({ type: 'SpecialistCareConsulted', data: { caseFileId, requestId, consultedBy, role, consultedAt: at } });
const decide = (decidedBy: { userId: string; roles: string[] }, outcome: 'approved' | 'declined' = 'approved') => ({
  type: 'DecideSpecialistCare' as const,
  data: { requestId, outcome, directorId: 'coach-noord-1', decidedBy, decidedAt: at },
});
const bothConsulted = [requested, consulted('coach-noord-2', 'coach'), consulted('gedragswetenschapper-1', 'behavioural-scientist')];

describe('specialist care decider (seeds 002/003: four eyes)', () => {
  it('is requested by the case director', () => {
    spec.given([]).when(request()).then([requested]);
  });

  it('refuses a request by anyone but the case director, or without one', () => {
    spec.given([]).when(request(colleague)).thenRejects('not_case_director');
    spec.given([]).when(request(director, null)).thenRejects('not_case_director');
  });

  it('refuses a care type outside the list, and a second open request', () => {
    spec.given([]).when({ ...request(), data: { ...request().data, careType: 'anything' as never } }).thenRejects('unknown_care_type', 'careType');
    spec.given([requested]).when(request()).thenRejects('specialist_care_request_open');
  });

  it('records each consultation by the consulted person, with the role of their token', () => {
    spec.given([requested]).when(consult(colleague)).then([consulted('coach-noord-2', 'coach')]);
    spec.given([requested]).when(consult(scientist)).then([consulted('gedragswetenschapper-1', 'behavioural-scientist')]);
  });

  it('the requester cannot consult themselves', () => {
    spec.given([requested]).when(consult(director)).thenRejects('requester_cannot_consult');
  });

  it('only a coach (colleague) or the behavioural scientist consults, each once', () => {
    spec.given([requested]).when(consult(coordinator)).thenRejects('not_a_consultant_role');
    spec.given([requested, consulted('coach-noord-2', 'coach')]).when(consult({ userId: 'coach-noord-3', roles: ['coach'] })).thenRejects('colleague_already_consulted');
    spec.given([requested, consulted('gedragswetenschapper-1', 'behavioural-scientist')]).when(consult(scientist)).thenRejects('behavioural_scientist_already_consulted');
  });

  it('one person with both roles cannot be both pairs of eyes', () => {
    const both = { userId: 'gedragswetenschapper-1', roles: ['coach', 'behavioural-scientist'] };
    spec.given([requested, consulted('gedragswetenschapper-1', 'behavioural-scientist')]).when(consult({ ...both, roles: ['coach'] })).thenRejects('consulted_twice_by_one_person');
  });

  it('refuses the decision until both consultations are recorded, naming consultations', () => {
    spec.given([requested]).when(decide(director)).thenRejects('consultations_missing', 'consultations');
    spec.given([requested, consulted('coach-noord-2', 'coach')]).when(decide(director)).thenRejects('consultations_missing', 'consultations');
    spec.given([requested, consulted('gedragswetenschapper-1', 'behavioural-scientist')]).when(decide(director)).thenRejects('consultations_missing', 'consultations');
  });

  it('decided by the director, with both pairs of eyes in the event', () => {
    spec
      .given(bothConsulted)
      .when(decide(director))
      .then([
        {
          type: 'SpecialistCareDecided',
          data: {
            caseFileId,
            requestId,
            careType: 'jeugd_ggz',
            outcome: 'approved',
            requestedBy: 'coach-noord-1',
            colleagueId: 'coach-noord-2',
            colleagueRole: 'coach',
            behaviouralScientistId: 'gedragswetenschapper-1',
            decidedBy: 'coach-noord-1',
            decidedByRole: 'case-director',
            decidedAt: at,
          },
        },
      ]);
  });

  it('or by the team coordinator; by nobody else; once', () => {
    const [event] = specialistCareDecider.decide(decide(coordinator, 'declined'), bothConsulted.reduce(specialistCareDecider.evolve, specialistCareDecider.initialState()));
    expect(event.data).toMatchObject({ outcome: 'declined', decidedBy: 'coordinator-1', decidedByRole: 'team-coordinator' });
    spec.given(bothConsulted).when(decide(colleague)).thenRejects('not_allowed_to_decide');
    spec.given([...bothConsulted, event]).when(decide(director)).thenRejects('specialist_care_already_decided');
    spec.given([...bothConsulted, event]).when(consult(colleague)).thenRejects('specialist_care_already_decided');
  });

  it('a new request once the previous one is decided; an unknown request is not found', () => {
    const [event] = specialistCareDecider.decide(decide(director), bothConsulted.reduce(specialistCareDecider.evolve, specialistCareDecider.initialState()));
    const next = { ...request(), data: { ...request().data, requestId: '0193a5b2-7c1e-7000-8000-0000000000e2' } };
    expect(specialistCareDecider.decide(next, [...bothConsulted, event].reduce(specialistCareDecider.evolve, specialistCareDecider.initialState()))).toHaveLength(1);
    spec.given([]).when(consult(colleague)).thenRejects('specialist_care_request_not_found');
  });
});
