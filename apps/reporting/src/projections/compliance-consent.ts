import type {
  ConsentExpired,
  ConsentGranted,
  ConsentRefused,
  ConsentWithdrawn,
  DisclosureDecided,
  DisclosureRecorded,
  PublicEvent,
  SubjectKeyDestroyed,
} from '@wijkteam/contracts';
import type { EntityManager } from 'typeorm';
import { evidenceOf, found } from './compliance-findings';
import { ComplianceConsentUses, type ComplianceConsentUseRow, ComplianceErasures, ComplianceGrounds, type Evidence } from './compliance-tables';

export type ConsentFact =
  | typeof ConsentGranted
  | typeof ConsentRefused
  | typeof ConsentWithdrawn
  | typeof ConsentExpired
  | typeof DisclosureDecided
  | typeof DisclosureRecorded
  | typeof SubjectKeyDestroyed;
type Basis = PublicEvent<typeof DisclosureRecorded>['data']['basis'];

/**
 * Consent's events, in their publisher's order (a grant before its withdrawal, a decision before
 * the disclosure it permits): what a disclosure may rest on is remembered, and every disclosure
 * decided (permit) or recorded is checked against it (seed 001: exchange without consent only on a
 * recorded legal ground; seed 004: no broad consent, and a withdrawal ends it).
 */
export async function checkConsentEvent(tx: EntityManager, event: PublicEvent<ConsentFact>): Promise<void> {
  switch (event.type) {
    case 'ConsentGranted':
    case 'ConsentRefused': {
      const [status, at] = event.type === 'ConsentGranted' ? ['granted', event.data.grantedAt] : ['refused', event.data.refusedAt];
      const known = await tx.findOneBy(ComplianceGrounds, { groundId: event.data.consentId });
      await tx.save(ComplianceGrounds, { groundId: event.data.consentId, kind: 'consent', status, clientId: event.data.clientId, event: evidenceOf(event, at), ended: known?.ended ?? null });
      return recheckUses(tx, { consentId: event.data.consentId });
    }
    case 'ConsentWithdrawn':
    case 'ConsentExpired': {
      const ended = evidenceOf(event, event.type === 'ConsentWithdrawn' ? event.data.withdrawnAt : event.data.expiredAt);
      const known = await tx.findOneBy(ComplianceGrounds, { groundId: event.data.consentId });
      if (!known) await tx.insert(ComplianceGrounds, { groundId: event.data.consentId, kind: 'consent', status: 'unknown', clientId: event.data.clientId, event: ended, ended });
      else if (!known.ended) await tx.update(ComplianceGrounds, { groundId: known.groundId }, { ended });
      return recheckUses(tx, { consentId: event.data.consentId });
    }
    case 'SubjectKeyDestroyed':
      if (!(await tx.existsBy(ComplianceErasures, { clientId: event.data.subjectId }))) await tx.insert(ComplianceErasures, { clientId: event.data.subjectId, event: evidenceOf(event, event.data.destroyedAt) });
      return recheckUses(tx, { clientId: event.data.subjectId });
    case 'DisclosureDecided': {
      const { decisionId, clientId, outcome, basis, decidedAt } = event.data;
      const decision = evidenceOf(event, decidedAt);
      await tx.save(ComplianceGrounds, { groundId: decisionId, kind: 'decision', status: outcome, clientId, event: decision, ended: null });
      if (outcome === 'permit') await checkDisclosure(tx, decision, clientId, basis, []);
      return;
    }
    case 'DisclosureRecorded': {
      const { decisionId, clientId, basis, disclosedAt } = event.data;
      const disclosure = evidenceOf(event, disclosedAt);
      const decision = await tx.findOneBy(ComplianceGrounds, { groundId: decisionId, kind: 'decision' });
      if (decision?.status !== 'permit' || decision.clientId !== clientId)
        await found(tx, { check: 'disclosure_without_ground', detail: 'no_permit', event: disclosure, earlier: [decision?.event], clientId });
      await checkDisclosure(tx, disclosure, clientId, basis, [decision?.event]);
      return;
    }
  }
}

/** A disclosure (decided or recorded) and the ground it names: a consent of this client still in force, or a legal ground. */
async function checkDisclosure(tx: EntityManager, disclosure: Evidence, clientId: string, basis: Basis | null, earlier: (Evidence | undefined)[]): Promise<void> {
  const erasure = await tx.findOneBy(ComplianceErasures, { clientId });
  if (erasure) await found(tx, { check: 'consent_used_after_withdrawal', detail: 'client_erased', event: disclosure, earlier: [erasure.event], clientId });
  const withoutGround = (detail: string, ...shown: (Evidence | undefined)[]) =>
    found(tx, { check: 'disclosure_without_ground', detail, event: disclosure, earlier: [...earlier, ...shown], clientId });
  if (basis === null) return withoutGround('no_ground');
  if (basis.kind === 'legal_ground') {
    if (basis.legalGround === null) return withoutGround('no_ground');
    // seed 001: the Meldcode ground rests on a decision of safety (step 5) that the disclosure names.
    if (basis.legalGround === 'child_safety_meldcode' && basis.safetyDecisionId === null) return withoutGround('no_meldcode_decision');
    return;
  }
  if (basis.consentId === null) return withoutGround('no_ground');
  const consent = await tx.findOneBy(ComplianceGrounds, { groundId: basis.consentId, kind: 'consent' });
  const granted = consent?.status === 'granted' ? consent.event : undefined;
  if (consent?.ended) {
    const detail = consent.ended.type === 'ConsentExpired' ? 'consent_expired' : 'consent_withdrawn';
    await found(tx, { check: 'consent_used_after_withdrawal', detail, event: disclosure, earlier: [...earlier, granted, consent.ended], clientId });
  }
  if (consent?.status !== 'granted' || consent.clientId !== clientId) await withoutGround('consent_not_granted', consent?.status === 'unknown' ? undefined : consent?.event);
}

/**
 * A warm handover names the consent it rests on (seed 004): remembered, and checked against what
 * consent's events say of it now; consent's events check the handovers already seen when they
 * arrive. The two publishers' events travel apart, so whichever comes last finds it, in event time:
 * a consent granted to another client or refused, a handover after the consent's withdrawal or
 * expiry, or after the client's erasure. A consent reporting has not seen yet is not a finding.
 */
export async function checkConsentUse(tx: EntityManager, use: ComplianceConsentUseRow): Promise<void> {
  if (!(await tx.existsBy(ComplianceConsentUses, { useId: use.useId }))) await tx.insert(ComplianceConsentUses, use);
  await judgeUse(tx, use);
}

async function recheckUses(tx: EntityManager, where: { consentId: string } | { clientId: string }): Promise<void> {
  for (const use of await tx.findBy(ComplianceConsentUses, where)) await judgeUse(tx, use);
}

async function judgeUse(tx: EntityManager, use: ComplianceConsentUseRow): Promise<void> {
  const { clientId, caseFileId, event } = use;
  const erasure = await tx.findOneBy(ComplianceErasures, { clientId });
  if (erasure && erasure.event.at <= event.at) await found(tx, { check: 'consent_used_after_withdrawal', detail: 'client_erased', event, earlier: [erasure.event], caseFileId, clientId });
  const consent = await tx.findOneBy(ComplianceGrounds, { groundId: use.consentId, kind: 'consent' });
  if (!consent) return;
  const granted = consent.status === 'granted' ? consent.event : undefined;
  if (consent.ended && consent.ended.at <= event.at) {
    const detail = consent.ended.type === 'ConsentExpired' ? 'consent_expired' : 'consent_withdrawn';
    await found(tx, { check: 'consent_used_after_withdrawal', detail, event, earlier: [granted, consent.ended], caseFileId, clientId });
  }
  if (consent.status === 'refused' || (consent.status === 'granted' && consent.clientId !== clientId))
    await found(tx, { check: 'warm_handover_without_consent', detail: 'consent_not_granted', event, earlier: [consent.event], caseFileId, clientId });
}
