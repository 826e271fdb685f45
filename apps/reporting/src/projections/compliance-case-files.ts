import {
  addDays,
  type CaseDirectionTransferred,
  type CaseDirectorAssigned,
  type CaseFileClosed,
  type CaseFileOpened,
  dateOf,
  type FirstVisitHeld,
  HOLDER_REQUIRES_TRANSFER_REASON,
  type PlanAgreed,
  type PublicEvent,
  TRANSFER_REASON_REQUIRES_HOLDER,
  type WarmHandoverCompleted,
  type WarmHandoverProposed,
} from '@wijkteam/contracts';
import { eventOrder } from '@wijkteam/projections';
import { IsNull, type EntityManager } from 'typeorm';
import { attributeClients, attributeFile, evidenceOf, found } from './compliance-findings';
import { checkConsentUse } from './compliance-consent';
import { ComplianceDeadlines, ComplianceFiles, type DeadlineCheck, type Evidence } from './compliance-tables';
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
export const DEADLINE_DAYS: Record<DeadlineCheck, number> = { first_visit_overdue: 14, plan_overdue: 42 };

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
  const { caseFileId, teamId, openedAt, childIds, familyMemberIds } = event.data;
  const team = teamId ?? UNATTRIBUTED;
  await tx.save(ComplianceFiles, { caseFileId, team, direction: null });
  const clock = evidenceOf(event, openedAt);
  for (const [check, days] of Object.entries(DEADLINE_DAYS) as [DeadlineCheck, number][]) {
    if (!(await tx.existsBy(ComplianceDeadlines, { caseFileId, check })))
      await tx.insert(ComplianceDeadlines, { caseFileId, check, team, clock, due: addDays(dateOf(openedAt), days), met: null, metOn: null, closed: null });
  }
  await attributeFile(tx, caseFileId, team);
  await attributeClients(tx, [...childIds, ...familyMemberIds], teamId, eventOrder(event.id));
}

async function directed(tx: EntityManager, caseFileId: string, direction: Evidence): Promise<void> {
  await tx.update(ComplianceFiles, { caseFileId }, { direction });
}

/** The first event that meets a deadline; a later one (the plan's next version) changes nothing. */
async function meet(tx: EntityManager, caseFileId: string, check: DeadlineCheck, met: Evidence, metOn: string): Promise<void> {
  await tx.update(ComplianceDeadlines, { caseFileId, check, met: IsNull() }, { met, metOn });
}
