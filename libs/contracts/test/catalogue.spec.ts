import { allEventDefinitions, CoachesAssigned, EVENT_CATALOGUE, EtmAssessed, PERSONAL_DATA, ReferralAccepted, ReferralReceived, SafetyPlanRequired } from '../src';

type Schema = { type?: string | string[]; enum?: unknown[]; const?: unknown; format?: string; pattern?: string; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[] };

/** Every string leaf of a schema, with its path. */
function strings(schema: Schema, path = ''): Array<[string, Schema]> {
  if (schema.anyOf) return schema.anyOf.flatMap((s) => strings(s, path));
  if (schema.properties) return Object.entries(schema.properties).flatMap(([key, s]) => strings(s, path ? `${path}.${key}` : key));
  if (schema.items) return strings(schema.items, `${path}[]`);
  return schema.type === 'string' ? [[path, schema]] : [];
}

describe('the public event catalogue', () => {
  const definitions = allEventDefinitions();

  it('defines every event the services publish today, once per version', () => {
    expect(Object.fromEntries(Object.entries(EVENT_CATALOGUE).map(([service, list]) => [service, list.map((d) => d.name)]))).toEqual({
      intake: [
        'ReferralReceived.v1',
        'ReferralReceived.v2',
        'ReferralAccepted.v1',
        'ReferralAccepted.v2',
        'ReferralDeclined.v1',
        'ReferralDeclined.v2',
        'ReferralWaitlisted.v1',
        'ReferralWaitlisted.v2',
        'ReferralRemovedFromWaitingList.v1',
        'CoachesAssigned.v1',
      ],
      'case-planning': ['CaseFileOpened.v1', 'CaseFileOpened.v2', 'CaseDirectorAssigned.v1', 'CaseDirectionTransferred.v1', 'CaseFileClosed.v1', 'CaseFileClosed.v2', 'WaakvlamStarted.v1', 'WaakvlamReviewed.v1', 'CaseFileReopened.v1', 'FirstVisitHeld.v1', 'NetworkPartyAdded.v1', 'NetworkPartyContacted.v1', 'NetworkContactRefused.v1', 'NetworkAnalysisCompleted.v1', 'PlanAgreed.v1', 'PlanRevised.v1', 'EvaluationHeld.v1', 'SpecialistCareRequested.v1', 'SpecialistCareDecided.v1', 'TransitionQuestionRecorded.v1', 'OtherProvidersStatusRecorded.v1', 'WarmHandoverProposed.v1', 'WarmHandoverRefused.v1', 'WarmHandoverConversationHeld.v1', 'WarmHandoverCompleted.v1'],
      safety: ['EtmAssessed.v1', 'EtmAssessed.v2', 'SafetyPlanRequired.v1', 'SafetyPlanRequired.v2', 'CrisisInterventionConsidered.v1', 'SafetyPlanRecorded.v1', 'MeldcodeStepCompleted.v1', 'MeldcodeDecisionTaken.v1', 'EscalationRaised.v1', 'EscalationResolved.v1', 'RiskSignalIssued.v1', 'RiskSignalWithdrawn.v1', 'CoachSafetyFlagged.v1', 'CoachSafetyFlagLifted.v1'],
      consent: ['ConsentGranted.v1', 'ConsentRefused.v1', 'ConsentWithdrawn.v1', 'ConsentExpired.v1', 'DisclosureDecided.v1', 'DisclosureRecorded.v1', 'SubjectKeyDestroyed.v1'],
      reporting: [],
    });
    expect(new Set(definitions.map((d) => d.cloudEventType)).size).toBe(definitions.length);
  });

  it('carries no personal field and nothing of the store (stream name, revision, position)', () => {
    for (const definition of definitions) {
      const fields = Object.keys((definition.jsonSchema() as Schema).properties ?? {});
      expect(fields).not.toEqual(expect.arrayContaining(['streamName']));
      for (const forbidden of ['streamName', 'revision', 'position', 'client', 'name', 'birthDate', 'bsn', 'metadata'])
        expect([definition.name, fields.includes(forbidden)]).toEqual([definition.name, false]);
      for (const personal of PERSONAL_DATA[definition.type]?.personal ?? []) expect(fields).not.toContain(personal);
    }
  });

  it('has only codes from a list, ids, dates and other constrained codes as strings: no free text', () => {
    for (const definition of definitions) {
      for (const [path, schema] of strings(definition.jsonSchema() as Schema)) {
        const constrained = schema.enum !== undefined || schema.const !== undefined || schema.format !== undefined || schema.pattern !== undefined;
        expect(`${definition.name} ${path}: ${constrained ? 'constrained' : 'free text'}`).toBe(`${definition.name} ${path}: constrained`);
      }
    }
  });
});

describe("intake's v2 events", () => {
  const v1 = {
    referralId: '0193a000-0000-7000-8000-000000000001',
    clientId: '0193a000-0000-7000-8000-000000000002',
    caseFileId: '0193a000-0000-7000-8000-000000000003',
    route: 'jgz',
    decidedAt: '2026-12-03T09:00:00.000Z',
  };

  it('reads a v1 ReferralAccepted as v2: the one child, no team, no rules version', () => {
    expect(ReferralAccepted.decode(1, v1)).toEqual({ ...v1, teamId: null, childIds: [v1.clientId], familyMemberIds: [], rulesVersion: null });
  });

  it('reads a v1 ReferralReceived as v2 with the child as the only family member named', () => {
    const received = { referralId: v1.referralId, clientId: v1.clientId, channel: 'phone', route: 'jgz', etmIndication: 3, intellectualDisability: false, receivedAt: v1.decidedAt };
    expect(ReferralReceived.decode(1, received)).toMatchObject({ childIds: [v1.clientId], familyMembers: [], teamId: null, deEscalationFrom: null });
  });

  it('refuses a name where a coach id belongs (an e-mail address is personal data)', () => {
    const assigned = { referralId: v1.referralId, clientId: v1.clientId, teamId: 'wijkteam-noord', coachIds: ['jan.jansen@example.org'], decidedBy: 'coordinator-1', conferenceDate: '2026-12-03', firstVisitDue: '2026-12-17', decidedAt: v1.decidedAt };
    expect(() => CoachesAssigned.parse(assigned)).toThrow(/coachIds\.0/);
    expect(CoachesAssigned.parse({ ...assigned, coachIds: ['coach-noord-1'] }).coachIds).toEqual(['coach-noord-1']);
  });
});

describe("safety's v2 events", () => {
  const caseFileId = '0193a000-0000-7000-8000-000000000003';
  const assessmentId = '0193a000-0000-7000-8000-000000000004';

  it('reads a v1 EtmAssessed as v2: no reasons, no explanation', () => {
    const v1 = { caseFileId, clientId: '0193a000-0000-7000-8000-000000000002', assessmentId, score: 4, assessorId: 'coach-noord-1', secondAssessorId: 'coach-noord-2', assessedAt: '2026-11-23T09:00:00.000Z' };
    expect(EtmAssessed.decode(1, v1)).toEqual({ ...v1, reasons: [], explained: false });
  });

  it('reads a v1 SafetyPlanRequired as v2 with the default deadline, 5 calendar days after the requirement', () => {
    const v1 = { caseFileId, assessmentId, considerCrisisInterventionTeam: true as const, requiredAt: '2026-12-29T23:30:00.000Z' };
    expect(SafetyPlanRequired.decode(1, v1)).toEqual({ ...v1, due: '2027-01-03' });
  });
});
