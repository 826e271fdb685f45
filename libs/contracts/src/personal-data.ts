/**
 * Which fields of which events are personal data, and whose (the subject field holds the client's
 * opaque id). These fields are encrypted with the client's own key before they reach the store and
 * read as erased once that key is destroyed. Everything else — types, decision dates, roles, codes,
 * ETM scores, reasons from fixed lists — stays readable for audit and reporting.
 * A new event type with a name, birth date, address, contact details or free text MUST be listed.
 */
export const PERSONAL_DATA: Record<string, { subject: string; personal: readonly string[] }> = {
  /** The referred child's name, birth date and BSN; the referrer; the help question in the client's words; its themes (seed 000). */
  ReferralReceived: { subject: 'clientId', personal: ['client', 'referrer', 'helpQuestion', 'themes'] },
  /** Every other child and family member named in a referral, each under their own key. */
  ReferralPersonRecorded: { subject: 'clientId', personal: ['person'] },
  /** seed 000: the plan of approach in the client's words (goals, and what each action does), under the referred child's key. */
  PlanDrafted: { subject: 'clientId', personal: ['texts'] },
  PlanRevised: { subject: 'clientId', personal: ['texts'] },
  /** seed 000: after 6 months, the written reason why care continues. */
  EvaluationHeld: { subject: 'clientId', personal: ['reasonToContinue'] },
  /** seeds 000, 002: Meldcode step 1, what the professional saw or heard, under the child's key. */
  MeldcodeSignalsMapped: { subject: 'clientId', personal: ['note'] },
  /** seeds 000/002: why an ETM level was given, in the assessors' words, under the assessed client's key. */
  EtmAssessed: { subject: 'clientId', personal: ['explanation'] },
  /** seed 000: the safety plan's agreements (what is agreed, what is watched), under the referred child's key. */
  SafetyPlanRecorded: { subject: 'clientId', personal: ['texts'] },
};
