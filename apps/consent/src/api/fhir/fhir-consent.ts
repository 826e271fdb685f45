import type { ConsentRecord } from '../../domain/consent.types';

/**
 * FHIR R4 Consent (https://hl7.org/fhir/R4/consent.html) of one consent, for exchange with care
 * providers. Only codes and opaque ids, as in the events: the client is `Patient/<clientId>`, parents
 * appear as RelatedPerson by relation, never by name.
 */
type Coding = { system: string; code: string; display?: string };
type CodeableConcept = { coding: Coding[] };
type Reference = { reference?: string; type?: string; display?: string; identifier?: { system: string; value: string } };

export interface FhirConsent {
  resourceType: 'Consent';
  id: string;
  status: 'active' | 'inactive' | 'rejected';
  scope: CodeableConcept;
  category: CodeableConcept[];
  patient: Reference;
  dateTime: string;
  performer: Reference[];
  policyRule: CodeableConcept;
  sourceReference?: Reference;
  provision: {
    type: 'permit' | 'deny';
    period?: { start: string; end: string };
    actor: { role: CodeableConcept; reference: Reference }[];
    purpose: Coding[];
    class: Coding[];
  };
}

const SYSTEM = 'urn:wijkteam:codes';
// A withdrawn or expired consent is no longer in force (FHIR: inactive); a refusal was never given (rejected).
const STATUS = { active: 'active', withdrawn: 'inactive', expired: 'inactive', refused: 'rejected' } as const;

function recipientReference(consent: ConsentRecord): Reference {
  const { organisation, role } = consent.recipient;
  if (organisation)
    return { type: 'Organization', identifier: { system: `${SYSTEM}/organisation`, value: organisation }, ...(role ? { display: role } : {}) };
  return { type: 'PractitionerRole', identifier: { system: `${SYSTEM}/role`, value: role ?? '' } };
}

export function toFhirConsent(consent: ConsentRecord): FhirConsent {
  const patient = `Patient/${consent.clientId}`;
  return {
    resourceType: 'Consent',
    id: consent.consentId,
    status: STATUS[consent.status],
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    patient: { reference: patient },
    dateTime: consent.decidedAt,
    performer: consent.grantors.map((relation) =>
      relation === 'client' ? { reference: patient, type: 'Patient' } : { type: 'RelatedPerson', display: relation },
    ),
    // ppc-1: a Consent needs a policy or policyRule; opt-in is what a signed form is.
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }] },
    ...(consent.evidence ? { sourceReference: { reference: `DocumentReference/${consent.evidence.documentId}` } } : {}),
    provision: {
      type: consent.status === 'refused' ? 'deny' : 'permit',
      ...(consent.period ? { period: { start: consent.period.from, end: consent.period.until } } : {}),
      actor: [
        {
          role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' }] },
          reference: recipientReference(consent),
        },
      ],
      purpose: [{ system: `${SYSTEM}/consent-purpose`, code: consent.purpose }],
      class: consent.dataCategories.map((code) => ({ system: `${SYSTEM}/data-category`, code })),
    },
  };
}

/** The client a FHIR Consent is about: the id in its `Patient/<clientId>` reference (for the access log). */
export function clientIdOfFhirConsent(resource: unknown): string | undefined {
  const reference = (resource as Partial<FhirConsent> | null)?.patient?.reference;
  return reference?.startsWith('Patient/') ? reference.slice('Patient/'.length) : undefined;
}
