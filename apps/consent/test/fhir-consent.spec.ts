import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { fold } from '@wijkteam/contracts';
import { consentDecider, type ConsentEvent } from '../src/domain/consent';
import { toFhirConsent } from '../src/api/fhir/fhir-consent';
import schema from '../src/api/fhir/fhir-consent.schema.json';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const clientId = '0193a5b2-7c1e-7000-8000-00000000c001';
const consentId = '0193a5b2-7c1e-7000-8000-0000000000a1';
const at = '2026-01-10T09:00:00.000Z';
const granted: ConsentEvent = {
  type: 'ConsentGranted',
  data: {
    consentId, clientId, ageBand: '12_15', grantors: [{ relation: 'client' }, { relation: 'parent' }], purpose: 'warm_handover',
    recipient: { organisation: 'volwassenenteam', role: 'consulent' }, dataCategories: ['help_request', 'plan_of_approach'],
    period: { from: at, until: '2026-07-10T00:00:00.000Z' }, evidence: { documentId: '0193a5b2-7c1e-7000-8000-0000000000d1' }, grantedAt: at,
  },
};
const recordAfter = (...events: ConsentEvent[]) => fold(consentDecider(), events).consents[consentId];
const errors = () => JSON.stringify(validate.errors);

describe('FHIR R4 Consent export', () => {
  it('exports an active consent that validates against the schema', () => {
    const resource = toFhirConsent(recordAfter(granted));
    expect(validate(resource)).toBe(true);
    expect(resource).toMatchObject({
      resourceType: 'Consent', status: 'active', patient: { reference: `Patient/${clientId}` },
      sourceReference: { reference: 'DocumentReference/0193a5b2-7c1e-7000-8000-0000000000d1' },
      provision: { type: 'permit', period: { start: at }, purpose: [{ code: 'warm_handover' }], class: [{ code: 'help_request' }, { code: 'plan_of_approach' }] },
    });
    expect(resource.performer).toEqual([{ reference: `Patient/${clientId}`, type: 'Patient' }, { type: 'RelatedPerson', display: 'parent' }]);
  });

  it('exports a withdrawn consent as inactive and a refusal as rejected/deny, both valid', () => {
    const withdrawn = toFhirConsent(recordAfter(granted, { type: 'ConsentWithdrawn', data: { consentId, clientId, withdrawnBy: 'parent', reason: 'other', withdrawnAt: at } }));
    expect(validate(withdrawn)).toBe(true);
    expect(withdrawn.status).toBe('inactive');
    const refused = toFhirConsent(recordAfter({
      type: 'ConsentRefused',
      data: { consentId, clientId, ageBand: '16_plus', refusedBy: 'client', purpose: 'network_analysis', recipient: { organisation: null, role: 'huisarts' }, dataCategories: ['care_history'], reason: 'other', refusedAt: at },
    }));
    expect(validate(refused)).toBe(true);
    expect(refused).toMatchObject({ status: 'rejected', provision: { type: 'deny' } });
  });

  it('the schema is not a rubber stamp: it rejects broken resources', () => {
    const good = toFhirConsent(recordAfter(granted));
    const broken: unknown[] = [
      { ...good, resourceType: 'Patient' },
      { ...good, status: 'granted' },
      { ...good, provision: { ...good.provision, purpose: [] } },
      { ...good, provision: { ...good.provision, type: 'maybe' } },
      { ...good, patient: { reference: 'Jan de Vries' } },
      { ...good, scope: { coding: [{ system: 'http://example.org', code: 'research' }] } },
      { ...good, dateTime: 'yesterday' },
      { ...good, name: 'Jan' },
    ];
    for (const resource of broken) expect(validate(resource)).toBe(false);
    expect(validate(good)).toBe(true);
    expect(errors()).toBe('null');
  });
});
