import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CaseDirectionTransferred,
  CaseDirectorAssigned,
  CaseFileClosed,
  CaseFileOpened,
  CoachesAssigned,
  ConsentExpired,
  ConsentGranted,
  ConsentRefused,
  ConsentWithdrawn,
  DisclosureDecided,
  DisclosureRecorded,
  FirstVisitHeld,
  MeldcodeDecisionTaken,
  MeldcodeStepCompleted,
  PlanAgreed,
  type PublicEvent,
  ReferralReceived,
  SubjectKeyDestroyed,
  WarmHandoverCompleted,
  WarmHandoverProposed,
} from '@wijkteam/contracts';
import { ReadModelEvents } from '@wijkteam/messaging';
import { defineBusProjection, eventOrder, ProjectionHost } from '@wijkteam/projections';
import type { EntityManager } from 'typeorm';
import { type CaseFileFact, checkCaseFileEvent, recordReferralTerms } from './compliance-case-files';
import { checkConsentEvent, type ConsentFact } from './compliance-consent';
import { attributeClients } from './compliance-findings';
import { checkSafetyEvent, type SafetyFact } from './compliance-safety';
import { COMPLIANCE_TABLES } from './compliance-tables';

/**
 * Compliance checks from the history (issue 16): each violation a finding with the events that
 * show it, and each case file's deadlines with the events that started and met them. Ids, codes
 * and times only; the checks of each publisher run in that publisher's order, and what joins
 * publishers (a team) is attributed whenever it arrives.
 */
export const complianceProjection = defineBusProjection({ name: 'reporting_compliance', version: 2, tables: COMPLIANCE_TABLES });

/** The referral names the team of its family before a case file does, and starts the clock of its deadlines. */
export async function attributeReferral(tx: EntityManager, event: PublicEvent<typeof ReferralReceived | typeof CoachesAssigned>): Promise<void> {
  await recordReferralTerms(tx, event);
  if (event.type !== 'ReferralReceived') return;
  const { childIds, familyMembers, teamId } = event.data;
  await attributeClients(tx, [...childIds, ...familyMembers.map((member) => member.clientId)], teamId, eventOrder(event.id));
}

/** One handler, and so one ordered consumer, per publisher. */
@Controller()
export class ComplianceFeed {
  constructor(private readonly projections: ProjectionHost) {}

  private apply(eventId: string, effect: (tx: EntityManager) => Promise<void>): Promise<boolean> {
    return this.projections.applyOnce(complianceProjection.name, eventId, effect);
  }

  @ReadModelEvents('reporting', complianceProjection, ReferralReceived, CoachesAssigned)
  async onReferral(@Payload() event: PublicEvent<typeof ReferralReceived | typeof CoachesAssigned>): Promise<void> {
    await this.apply(event.id, (tx) => attributeReferral(tx, event));
  }

  @ReadModelEvents(
    'reporting',
    complianceProjection,
    CaseFileOpened,
    CaseDirectorAssigned,
    CaseDirectionTransferred,
    CaseFileClosed,
    FirstVisitHeld,
    PlanAgreed,
    WarmHandoverProposed,
    WarmHandoverCompleted,
  )
  async onCaseFileEvent(@Payload() event: PublicEvent<CaseFileFact>): Promise<void> {
    await this.apply(event.id, (tx) => checkCaseFileEvent(tx, event));
  }

  @ReadModelEvents('reporting', complianceProjection, MeldcodeStepCompleted, MeldcodeDecisionTaken)
  async onSafetyEvent(@Payload() event: PublicEvent<SafetyFact>): Promise<void> {
    await this.apply(event.id, (tx) => checkSafetyEvent(tx, event));
  }

  @ReadModelEvents('reporting', complianceProjection, ConsentGranted, ConsentRefused, ConsentWithdrawn, ConsentExpired, DisclosureDecided, DisclosureRecorded, SubjectKeyDestroyed)
  async onConsentEvent(@Payload() event: PublicEvent<ConsentFact>): Promise<void> {
    await this.apply(event.id, (tx) => checkConsentEvent(tx, event));
  }
}
