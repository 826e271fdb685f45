import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CaseFileOpened,
  ConsentGranted,
  ConsentRefused,
  ConsentWithdrawn,
  DisclosureDecided,
  DisclosureRecorded,
  type PublicEvent,
  ReferralReceived,
  SubjectKeyDestroyed,
} from '@wijkteam/contracts';
import { ReadModelEvents } from '@wijkteam/messaging';
import { defineBusProjection, eventOrder, findRow, ProjectionHost, saveRow } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';
import { attributeClients, ClientTeams, countForClient, forgetClient, PendingFacts } from './client-attribution';
import { figureCountsTable, monthOf } from './figure-counts';

/** Counts per team, month, purpose (code) and decision (detail: granted, refused, withdrawn). */
export const ConsentCounts = figureCountsTable('reporting_consents_counts');
/** Counts per team, month, ground (code: consent, a legal ground, none) and outcome (detail: permit, deny, disclosed). */
export const DisclosureCounts = figureCountsTable('reporting_consents_disclosure_counts');

export interface ConsentPurposeRow {
  consentId: string;
  purpose: string;
}

/** A consent's purpose, kept only because a withdrawal does not carry it: an id and a code. */
export const ConsentPurposes = new EntitySchema<ConsentPurposeRow>({
  name: 'reporting_consents_purposes',
  columns: {
    consentId: { type: 'varchar', length: 36, primary: true, name: 'consent_id' },
    purpose: { type: 'varchar', length: 64 },
  },
});

const TABLES = { consents: ConsentCounts, disclosures: DisclosureCounts };

/**
 * Consents granted, refused and withdrawn by purpose, and disclosures by ground, per team and month
 * (issue 16). Consent's events name no team: see `client-attribution` for how a client's team is found.
 */
export const consentFiguresProjection = defineBusProjection({
  name: 'reporting_consents',
  version: 1,
  tables: [ConsentCounts, DisclosureCounts, ConsentPurposes, ClientTeams, PendingFacts],
});

type ConsentFact = typeof ConsentGranted | typeof ConsentRefused | typeof ConsentWithdrawn | typeof DisclosureDecided | typeof DisclosureRecorded | typeof SubjectKeyDestroyed;
type Basis = PublicEvent<typeof DisclosureRecorded>['data']['basis'];

/** The ground of a disclosure: its legal ground, or consent; none for a denial. */
export function groundOf(basis: Basis | null): string {
  if (basis === null) return 'none';
  return basis.kind === 'legal_ground' ? (basis.legalGround ?? 'legal_ground') : 'consent';
}

export async function countConsentFact(tx: EntityManager, event: PublicEvent<ConsentFact>): Promise<void> {
  const count = (figure: keyof typeof TABLES, clientId: string, time: string, code: string, detail: string) =>
    countForClient(tx, TABLES, figure, event.id, clientId, { month: monthOf(time), code, detail });
  switch (event.type) {
    case 'ConsentGranted':
    case 'ConsentRefused': {
      const { consentId, clientId, purpose } = event.data;
      await saveRow(tx, ConsentPurposes, { consentId, purpose });
      const [time, decision] = event.type === 'ConsentGranted' ? [event.data.grantedAt, 'granted'] : [event.data.refusedAt, 'refused'];
      return count('consents', clientId, time, purpose, decision);
    }
    case 'ConsentWithdrawn': {
      // Consent's events arrive in one ordered group: the grant (its purpose) came first.
      const purpose = (await findRow(tx, ConsentPurposes, { consentId: event.data.consentId }))?.purpose ?? 'unknown';
      return count('consents', event.data.clientId, event.data.withdrawnAt, purpose, 'withdrawn');
    }
    case 'DisclosureDecided':
      return count('disclosures', event.data.clientId, event.data.decidedAt, groundOf(event.data.basis), event.data.outcome);
    case 'DisclosureRecorded':
      return count('disclosures', event.data.clientId, event.data.disclosedAt, groundOf(event.data.basis), 'disclosed');
    case 'SubjectKeyDestroyed':
      return forgetClient(tx, event.data.subjectId);
  }
}

export function attributeReferral(tx: EntityManager, event: PublicEvent<typeof ReferralReceived>): Promise<void> {
  const { childIds, familyMembers, teamId } = event.data;
  return attributeClients(tx, TABLES, [...childIds, ...familyMembers.map((member) => member.clientId)], teamId, eventOrder(event.id));
}

export function attributeCaseFile(tx: EntityManager, event: PublicEvent<typeof CaseFileOpened>): Promise<void> {
  const { childIds, familyMemberIds, teamId } = event.data;
  return attributeClients(tx, TABLES, [...childIds, ...familyMemberIds], teamId, eventOrder(event.id));
}

@Controller()
export class ConsentFiguresFeed {
  constructor(private readonly projections: ProjectionHost) {}

  /** One ordered group for consent's events: a grant (its purpose) precedes its withdrawal. */
  @ReadModelEvents('reporting', consentFiguresProjection, ConsentGranted, ConsentRefused, ConsentWithdrawn, DisclosureDecided, DisclosureRecorded, SubjectKeyDestroyed)
  async onConsentEvent(@Payload() event: PublicEvent<ConsentFact>): Promise<void> {
    await this.projections.applyOnce(consentFiguresProjection.name, event.id, (tx) => countConsentFact(tx, event));
  }

  @ReadModelEvents('reporting', consentFiguresProjection, ReferralReceived)
  async onReferralReceived(@Payload() event: PublicEvent<typeof ReferralReceived>): Promise<void> {
    await this.projections.applyOnce(consentFiguresProjection.name, event.id, (tx) => attributeReferral(tx, event));
  }

  @ReadModelEvents('reporting', consentFiguresProjection, CaseFileOpened)
  async onCaseFileOpened(@Payload() event: PublicEvent<typeof CaseFileOpened>): Promise<void> {
    await this.projections.applyOnce(consentFiguresProjection.name, event.id, (tx) => attributeCaseFile(tx, event));
  }
}
