/**
 * The free-text fields of the commands (strings that are no code from a list, no id and no date),
 * each with the event field it is sealed in: `libs/contracts` PERSONAL_DATA must list that field,
 * so the text is encrypted under the client's key and erased with it. A string field of a command
 * that is none of these, and not listed here, fails the OpenAPI test: free text outside the
 * personal-data catalogue would be stored, served and relayed in plain text.
 */
export const SEALED_TEXTS: Record<string, { event: string; field: string }> = {
  'PersonDto.name': { event: 'ReferralReceived', field: 'client' },
  'ReferrerDto.organisation': { event: 'ReferralReceived', field: 'referrer' },
  'ReferrerDto.role': { event: 'ReferralReceived', field: 'referrer' },
  'ReferrerDto.contact': { event: 'ReferralReceived', field: 'referrer' },
  'ReceiveReferralDto.helpQuestion': { event: 'ReferralReceived', field: 'helpQuestion' },
  'PlanGoalDto.text': { event: 'PlanDrafted', field: 'texts' },
  'PlanActionDto.what': { event: 'PlanDrafted', field: 'texts' },
  'HoldEvaluationDto.reasonToContinue': { event: 'EvaluationHeld', field: 'reasonToContinue' },
  'MapSignalsDto.note': { event: 'MeldcodeSignalsMapped', field: 'note' },
  'RecordEtmAssessmentDto.explanation': { event: 'EtmAssessed', field: 'explanation' },
  'SafetyAgreementDto.what': { event: 'SafetyPlanRecorded', field: 'texts' },
  'SafetyAgreementDto.watches': { event: 'SafetyPlanRecorded', field: 'texts' },
};
