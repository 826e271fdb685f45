import { EntitySchema } from 'typeorm';

/** The compliance checks of issue 16, a fixed list: every finding names one. */
export const COMPLIANCE_CHECKS = [
  'disclosure_without_ground',
  'warm_handover_without_consent',
  'meldcode_without_four_eyes',
  'direction_change_without_reason',
  'first_visit_overdue',
  'plan_overdue',
  'consent_used_after_withdrawal',
] as const;
export type ComplianceCheck = (typeof COMPLIANCE_CHECKS)[number];

/** The checks whose findings follow from a deadline and the clock rather than from one event. */
export const DEADLINE_CHECKS = ['first_visit_overdue', 'plan_overdue'] as const satisfies readonly ComplianceCheck[];
export type DeadlineCheck = (typeof DEADLINE_CHECKS)[number];

/** One event of a finding's evidence: its id, type and own time (the time field of its data). */
export interface Evidence {
  eventId: string;
  type: string;
  at: string;
}

/**
 * A finding of an event check: the violating event (its id names the finding, so a redelivery or a
 * second look finds it once), what part of the check it breaks (`detail`, a code), the team, the
 * moment, and the events that show it. `caseFileId` and `clientId` are kept only to attribute a
 * finding whose team is not known yet; they never leave reporting.
 */
export interface ComplianceFindingRow {
  findingId: string;
  check: ComplianceCheck;
  detail: string;
  team: string;
  at: string;
  evidence: Evidence[];
  caseFileId: string | null;
  clientId: string | null;
}

export const ComplianceFindings = new EntitySchema<ComplianceFindingRow>({
  name: 'reporting_compliance_findings',
  columns: {
    findingId: { type: 'varchar', length: 100, primary: true, name: 'finding_id' },
    check: { type: 'varchar', length: 64 },
    detail: { type: 'varchar', length: 64 },
    team: { type: 'varchar', length: 64 },
    at: { type: 'varchar', length: 24 },
    evidence: { type: 'simple-json' },
    caseFileId: { type: 'varchar', length: 36, nullable: true, name: 'case_file_id' },
    clientId: { type: 'varchar', length: 36, nullable: true, name: 'client_id' },
  },
  indices: [
    { name: 'reporting_compliance_findings_check_at', columns: ['check', 'at'] },
    { name: 'reporting_compliance_findings_case_file', columns: ['caseFileId'] },
    { name: 'reporting_compliance_findings_client', columns: ['clientId'] },
  ],
});

/**
 * A deadline of a case file (seed 000: first visit within 2 weeks, plan within 6 weeks of the
 * file's opening): the event that started the clock, the day it is due, and the event that met it
 * or the closure that ended it. Whether it is a finding (late, still open, missed) is decided when
 * asked, against the clock.
 */
export interface ComplianceDeadlineRow {
  caseFileId: string;
  check: DeadlineCheck;
  team: string;
  clock: Evidence;
  due: string;
  met: Evidence | null;
  metOn: string | null;
  closed: Evidence | null;
}

export const ComplianceDeadlines = new EntitySchema<ComplianceDeadlineRow>({
  name: 'reporting_compliance_deadlines',
  columns: {
    caseFileId: { type: 'varchar', length: 36, primary: true, name: 'case_file_id' },
    check: { type: 'varchar', length: 64, primary: true },
    team: { type: 'varchar', length: 64 },
    clock: { type: 'simple-json' },
    due: { type: 'varchar', length: 10 },
    met: { type: 'simple-json', nullable: true },
    metOn: { type: 'varchar', length: 10, nullable: true, name: 'met_on' },
    closed: { type: 'simple-json', nullable: true },
  },
  indices: [{ name: 'reporting_compliance_deadlines_due', columns: ['due'] }],
});

/** A case file's team, its referral, and its latest direction event (the evidence of the next change of direction). */
export interface ComplianceFileRow {
  caseFileId: string;
  team: string;
  referralId: string | null;
  direction: Evidence | null;
}

export const ComplianceFiles = new EntitySchema<ComplianceFileRow>({
  name: 'reporting_compliance_files',
  columns: {
    caseFileId: { type: 'varchar', length: 36, primary: true, name: 'case_file_id' },
    team: { type: 'varchar', length: 64 },
    referralId: { type: 'varchar', length: 36, nullable: true, name: 'referral_id' },
    direction: { type: 'simple-json', nullable: true },
  },
  indices: [{ name: 'reporting_compliance_files_referral', columns: ['referralId'] }],
});

/**
 * What a file's deadlines count from (intake's events, which travel apart from case planning's):
 * the referral's receipt (seed 000: the terms run from the referral) and the first-visit date the
 * case conference set, each with its event — the same terms as the case-deadline lists.
 */
export interface ComplianceReferralRow {
  referralId: string;
  received: Evidence | null;
  firstVisitDue: string | null;
  conference: Evidence | null;
}

export const ComplianceReferrals = new EntitySchema<ComplianceReferralRow>({
  name: 'reporting_compliance_referrals',
  columns: {
    referralId: { type: 'varchar', length: 36, primary: true, name: 'referral_id' },
    received: { type: 'simple-json', nullable: true },
    firstVisitDue: { type: 'varchar', length: 10, nullable: true, name: 'first_visit_due' },
    conference: { type: 'simple-json', nullable: true },
  },
});

/** A client's team: of the latest referral or case file naming them (the order of its event id). */
export interface ComplianceClientTeamRow {
  clientId: string;
  team: string;
  eventOrder: string;
}

export const ComplianceClientTeams = new EntitySchema<ComplianceClientTeamRow>({
  name: 'reporting_compliance_client_teams',
  columns: {
    clientId: { type: 'varchar', length: 36, primary: true, name: 'client_id' },
    team: { type: 'varchar', length: 64 },
    eventOrder: { type: 'varchar', length: 24, name: 'event_order' },
  },
});

/**
 * What a disclosure may rest on: a consent (granted or refused, for which client, and the
 * withdrawal or expiry that ended it), or a disclosure decision (permit or deny). Ids and codes.
 */
export interface ComplianceGroundRow {
  groundId: string;
  kind: 'consent' | 'decision';
  /** consent: granted, refused; decision: permit, deny; unknown: only its end was seen. */
  status: string;
  clientId: string;
  event: Evidence;
  ended: Evidence | null;
}

export const ComplianceGrounds = new EntitySchema<ComplianceGroundRow>({
  name: 'reporting_compliance_grounds',
  columns: {
    groundId: { type: 'varchar', length: 36, primary: true, name: 'ground_id' },
    kind: { type: 'varchar', length: 16 },
    status: { type: 'varchar', length: 16 },
    clientId: { type: 'varchar', length: 36, name: 'client_id' },
    event: { type: 'simple-json' },
    ended: { type: 'simple-json', nullable: true },
  },
});

/**
 * An erased client (SubjectKeyDestroyed): kept so that a later disclosure for them is found. The id
 * opens nothing any more: the key that sealed the client's personal data is destroyed.
 */
export interface ComplianceErasureRow {
  clientId: string;
  event: Evidence;
}

export const ComplianceErasures = new EntitySchema<ComplianceErasureRow>({
  name: 'reporting_compliance_erasures',
  columns: {
    clientId: { type: 'varchar', length: 36, primary: true, name: 'client_id' },
    event: { type: 'simple-json' },
  },
});

/**
 * A consent a warm handover rests on (case planning's event naming consent's consent): kept so that
 * whichever publisher's event arrives last checks the pair, since the two travel apart.
 */
export interface ComplianceConsentUseRow {
  useId: string;
  consentId: string;
  clientId: string;
  caseFileId: string;
  event: Evidence;
}

export const ComplianceConsentUses = new EntitySchema<ComplianceConsentUseRow>({
  name: 'reporting_compliance_consent_uses',
  columns: {
    useId: { type: 'varchar', length: 36, primary: true, name: 'use_id' },
    consentId: { type: 'varchar', length: 36, name: 'consent_id' },
    clientId: { type: 'varchar', length: 36, name: 'client_id' },
    caseFileId: { type: 'varchar', length: 36, name: 'case_file_id' },
    event: { type: 'simple-json' },
  },
  indices: [
    { name: 'reporting_compliance_consent_uses_consent', columns: ['consentId'] },
    { name: 'reporting_compliance_consent_uses_client', columns: ['clientId'] },
  ],
});

export const COMPLIANCE_TABLES = [ComplianceFindings, ComplianceDeadlines, ComplianceFiles, ComplianceClientTeams, ComplianceGrounds, ComplianceErasures, ComplianceConsentUses, ComplianceReferrals];
