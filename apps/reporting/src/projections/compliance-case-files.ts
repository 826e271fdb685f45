import {
  type CaseDirectionTransferred,
  type CaseDirectorAssigned,
  type CaseFileClosed,
  type CaseFileOpened,
  type CoachesAssigned,
  dateOf,
  firstVisitDueOf,
  type FirstVisitHeld,
  HOLDER_REQUIRES_TRANSFER_REASON,
  type PlanAgreed,
  planDueOf,
  type PublicEvent,
  type ReferralReceived,
  TRANSFER_REASON_REQUIRES_HOLDER,
  type WarmHandoverCompleted,
  type WarmHandoverProposed,
} from '@wijkteam/contracts';
import { eventOrder } from '@wijkteam/projections';
import { IsNull, type EntityManager } from 'typeorm';
import { attributeClients, attributeFile, evidenceOf, found } from './compliance-findings';
import { checkConsentUse } from './compliance-consent';
import { ComplianceDeadlines, ComplianceFiles, ComplianceReferrals, type ComplianceReferralRow, DEADLINE_CHECKS, type DeadlineCheck, type Evidence } from './compliance-tables';
import { UNATTRIBUTED } from './figure-counts';

export type CaseFileFact =
  | typeof CaseFileOpened
  | typeof CaseDirectorAssigned
  | typeof CaseDirectionTransferred
  | typeof CaseFileClosed
  | typeof FirstVisitHeld
  | typeof PlanAgreed
  | typeof WarmHandoverProposed
  | typeof WarmHandoverCompleted;

/** seed 000: the first visit within 2 weeks, the plan within 6 weeks; counted here from the file's opening. */

/**
 * Case planning's events, in their publisher's order (a file's opening before anything about it):
 * the file's team and deadlines, every change of case direction, and every warm handover.
 */
export async function checkCaseFileEvent(tx: EntityManager, event: PublicEvent<CaseFileFact>): Promise<void> {
  switch (event.type) {
    case 'CaseFileOpened':
      return openFile(tx, event);
    case 'CaseDirectorAssigned': {
      const { caseFileId, previousDirectorId, assignedAt } = event.data;
      const assigned = evidenceOf(event, assignedAt);
      const file = await tx.findOneBy(ComplianceFiles, { caseFileId });
      // Every change after the first director is a transfer with its reason and decision (issue 14); a second assignment records neither.
      if (file?.direction || previousDirectorId !== null)
        await found(tx, { check: 'direction_change_without_reason', detail: 'changed_without_transfer', event: assigned, earlier: [file?.direction], caseFileId });
      return directed(tx, caseFileId, assigned);
    }
    case 'CaseDirectionTransferred': {
      const { caseFileId, reason, toDirectorKind, consentDecisionId, transferredAt } = event.data;
      const transferred = evidenceOf(event, transferredAt);
      const file = await tx.findOneBy(ComplianceFiles, { caseFileId });
      const holder = TRANSFER_REASON_REQUIRES_HOLDER[reason];
      const required = HOLDER_REQUIRES_TRANSFER_REASON[toDirectorKind];
      if ((holder && holder !== toDirectorKind) || (required && required !== reason))
        await found(tx, { check: 'direction_change_without_reason', detail: 'reason_does_not_fit', event: transferred, earlier: [file?.direction], caseFileId });
      // seed 004: to the adult team only warm, with the client's consent.
      if (toDirectorKind === 'adult_team' && consentDecisionId === null)
        await found(tx, { check: 'warm_handover_without_consent', detail: 'no_consent_decision', event: transferred, caseFileId });
      return directed(tx, caseFileId, transferred);
    }
    case 'WarmHandoverProposed':
    case 'WarmHandoverCompleted': {
      const { caseFileId, clientId, consentId } = event.data;
      const at = event.type === 'WarmHandoverProposed' ? event.data.proposedAt : event.data.completedAt;
      // The decision permitted it on something other than the client's consent (a legal ground is no consent).
      if (consentId === null) return found(tx, { check: 'warm_handover_without_consent', detail: 'permit_not_on_consent', event: evidenceOf(event, at), caseFileId });
      return checkConsentUse(tx, { useId: event.id, consentId, clientId, caseFileId, event: evidenceOf(event, at) });
    }
    case 'FirstVisitHeld':
      return meet(tx, event.data.caseFileId, 'first_visit_overdue', evidenceOf(event, event.data.heldAt), event.data.heldOn);
    case 'PlanAgreed':
      return meet(tx, event.data.caseFileId, 'plan_overdue', evidenceOf(event, event.data.agreedAt), dateOf(event.data.agreedAt));
    case 'CaseFileClosed':
      // A closure stops the clocks still running.
      await tx.update(ComplianceDeadlines, { caseFileId: event.data.caseFileId, met: IsNull(), closed: IsNull() }, { closed: evidenceOf(event, event.data.closedAt) });
      return;
  }
}

async function openFile(tx: EntityManager, event: PublicEvent<typeof CaseFileOpened>): Promise<void> {
  const { caseFileId, referralId, teamId, openedAt, childIds, familyMemberIds } = event.data;
  const team = teamId ?? UNATTRIBUTED;
  await tx.save(ComplianceFiles, { caseFileId, team, referralId, direction: null });
  const opened = evidenceOf(event, openedAt);
  for (const check of DEADLINE_CHECKS) {
    if (!(await tx.existsBy(ComplianceDeadlines, { caseFileId, check })))
      await tx.insert(ComplianceDeadlines, { caseFileId, check, team, clock: opened, due: dueOf(check, opened, null), met: null, metOn: null, closed: null });
  }
  await countFromReferral(tx, caseFileId, await tx.findOneBy(ComplianceReferrals, { referralId }), opened);
  await attributeFile(tx, caseFileId, team);
  await attributeClients(tx, [...childIds, ...familyMemberIds], teamId, eventOrder(event.id));
}

/**
 * seed 000's terms, as the case-deadline lists count them (libs/contracts deadlines): from the
 * referral's receipt, the first visit by the conference's date when it set one. Until intake's
 * events have arrived, from the file's opening.
 */
function dueOf(check: DeadlineCheck, clock: Evidence, conferenceDue: string | null): string {
  return check === 'first_visit_overdue' ? (conferenceDue ?? firstVisitDueOf(clock.at)) : planDueOf(clock.at);
}

async function countFromReferral(tx: EntityManager, caseFileId: string, referral: ComplianceReferralRow | null, opened?: Evidence): Promise<void> {
  if (!referral) return;
  for (const deadline of await tx.findBy(ComplianceDeadlines, { caseFileId })) {
    const clock = referral.received ?? opened ?? deadline.clock;
    const conferenceDue = deadline.check === 'first_visit_overdue' ? referral.firstVisitDue : null;
    await tx.update(ComplianceDeadlines, { caseFileId, check: deadline.check }, { clock: conferenceDue && referral.conference ? referral.conference : clock, due: dueOf(deadline.check, clock, conferenceDue) });
  }
}

/** Intake's referral events: what the deadlines count from, for the file already open or still to come. */
export async function recordReferralTerms(tx: EntityManager, event: PublicEvent<typeof ReferralReceived | typeof CoachesAssigned>): Promise<void> {
  const { referralId } = event.data;
  const known = (await tx.findOneBy(ComplianceReferrals, { referralId })) ?? { referralId, received: null, firstVisitDue: null, conference: null };
  const referral =
    event.type === 'ReferralReceived'
      ? { ...known, received: evidenceOf(event, event.data.receivedAt) }
      : { ...known, firstVisitDue: event.data.firstVisitDue, conference: evidenceOf(event, event.data.decidedAt) };
  await tx.save(ComplianceReferrals, referral);
  for (const file of await tx.findBy(ComplianceFiles, { referralId })) await countFromReferral(tx, file.caseFileId, referral);
}

async function directed(tx: EntityManager, caseFileId: string, direction: Evidence): Promise<void> {
  await tx.update(ComplianceFiles, { caseFileId }, { direction });
}

/** The first event that meets a deadline; a later one (the plan's next version) changes nothing. */
async function meet(tx: EntityManager, caseFileId: string, check: DeadlineCheck, met: Evidence, metOn: string): Promise<void> {
  await tx.update(ComplianceDeadlines, { caseFileId, check, met: IsNull() }, { met, metOn });
}
