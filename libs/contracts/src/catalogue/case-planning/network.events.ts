import { z } from 'zod/v4';
import { NETWORK_RELEVANCE, NETWORK_ROLES } from '../../codes/case-planning-network.codes';
import { DEFAULT_DATA_CATEGORIES, DENIAL_REASONS } from '../../codes/consent.codes';
import { defineEvent } from '../../events/define-event';
import { CanonicalId, DateOnly, DateTime, PartyCode } from '../../events/fields';

/**
 * seed 000: the network analysis, within 2-6 weeks of the referral, the parties involved only with
 * the client's (written) consent; JGZ and the GP always, school or childcare where relevant.
 * Parties are organisation codes with a role and a reason from fixed lists: never a name or a note.
 */
const DataCategories = z.array(z.enum(DEFAULT_DATA_CATEGORIES)).min(1);

export const NetworkPartyAdded = defineEvent({
  service: 'case-planning',
  type: 'NetworkPartyAdded',
  version: 1,
  description: 'seed 000: a party (JGZ, GP, school, childcare, …) belongs in the network analysis of the case file.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    partyId: CanonicalId,
    party: PartyCode,
    role: z.enum(NETWORK_ROLES),
    relevance: z.enum(NETWORK_RELEVANCE),
    addedAt: DateTime,
  }),
});

export const NetworkPartyContacted = defineEvent({
  service: 'case-planning',
  type: 'NetworkPartyContacted',
  version: 1,
  description: 'A party of the network was contacted about a family member, on the consent decision named (purpose network_analysis).',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    partyId: CanonicalId,
    party: PartyCode,
    clientId: CanonicalId,
    dataCategories: DataCategories,
    consentDecisionId: CanonicalId.meta({ description: "The consent service's DisclosureDecided (permit)" }),
    contactedAt: DateTime,
  }),
});

export const NetworkContactRefused = defineEvent({
  service: 'case-planning',
  type: 'NetworkContactRefused',
  version: 1,
  description: 'A contact with a party of the network did not happen: the consent service denied it (e.g. no_consent); it may be tried again once consent is granted.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    partyId: CanonicalId,
    party: PartyCode,
    clientId: CanonicalId,
    dataCategories: DataCategories,
    denialReason: z.enum(DENIAL_REASONS),
    consentDecisionId: CanonicalId.meta({ description: "The consent service's DisclosureDecided (deny)" }),
    refusedAt: DateTime,
  }),
});

export const NetworkAnalysisCompleted = defineEvent({
  service: 'case-planning',
  type: 'NetworkAnalysisCompleted',
  version: 1,
  description: 'seed 000: the network analysis was completed, with JGZ and the GP among the parties; due 6 weeks after the referral (onTime).',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    roles: z.array(z.enum(NETWORK_ROLES)).min(2),
    parties: z.number().int().min(2),
    completedOn: DateOnly,
    due: DateOnly.meta({ description: 'Referral + 6 weeks' }),
    onTime: z.boolean(),
    completedAt: DateTime,
  }),
});

export const NETWORK_EVENTS = [NetworkPartyAdded, NetworkPartyContacted, NetworkContactRefused, NetworkAnalysisCompleted] as const;
