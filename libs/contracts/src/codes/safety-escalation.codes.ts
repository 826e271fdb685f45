/**
 * Seeds 000/002 (DOMAIN.md "Safety"): where a Jeugdteam escalates when its own help is not enough.
 * Veilig Thuis (Meldcode), the certified institution (JBP / GI: dwang en drang), GOSA (stagnation),
 * the Crisis Interventie Team, the Raad voor de Kinderbescherming.
 */
export const ESCALATION_TARGETS = ['veilig_thuis', 'certified_institution', 'gosa', 'crisis_intervention_team', 'raad_voor_de_kinderbescherming'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

/** Why an escalation is raised: each target accepts only its own reasons (ESCALATION_REASONS_BY_TARGET). */
export const ESCALATION_REASONS = [
  'acute_unsafety',
  'structural_unsafety',
  'dwang_drang_needed',
  'no_cooperation_with_safety_concerns',
  'stagnation',
  'parties_not_aligned',
  'crisis',
  'child_protection_investigation',
] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

/**
 * seed 000: "Cliënt werkt niet mee en er zijn zorgen over de veiligheid … Aanmelden bij het JBP";
 * "Cliënt werkt niet mee en/of er is sprake van het stagneren van zorg en/of betrokken organisaties
 * zitten niet op één lijn: Aanmelden bij GOSA"; ETM 5: the Crisis Interventie Team.
 */
export const ESCALATION_REASONS_BY_TARGET: Readonly<Record<EscalationTarget, readonly EscalationReason[]>> = {
  veilig_thuis: ['acute_unsafety', 'structural_unsafety', 'no_cooperation_with_safety_concerns'],
  certified_institution: ['dwang_drang_needed', 'no_cooperation_with_safety_concerns'],
  gosa: ['stagnation', 'no_cooperation_with_safety_concerns', 'parties_not_aligned'],
  crisis_intervention_team: ['crisis', 'acute_unsafety'],
  raad_voor_de_kinderbescherming: ['child_protection_investigation'],
};

/** seed 000: "Wanneer er dwang of drang wordt uitgesproken gaat de casusregie over naar een gecertificeerde instelling"; "Wanneer GOSA betrokken is ligt de casusregie bij GOSA". */
export const ESCALATION_TARGETS_MOVING_DIRECTION: readonly EscalationTarget[] = ['certified_institution', 'gosa'];

/** How an escalation ends: the receiving party accepted or declined it, the team withdrew it, or it was handled (advice, crisis over). */
export const ESCALATION_OUTCOMES = ['accepted', 'declined', 'withdrawn', 'handled'] as const;
export type EscalationOutcome = (typeof ESCALATION_OUTCOMES)[number];
