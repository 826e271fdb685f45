import { projectionSpec } from '@wijkteam/testing';
import type { JsonObject } from '@wijkteam/event-store';
import { consentStream } from '../domain/consent';
import type { ConsentState } from '../domain/consent';
import { type ConsentIndexClientRow, ConsentIndexClients, ConsentIndexConsents, consentIndexProjection } from './consent-index.projection';

const readClientRow = (row: ConsentIndexClientRow | null) => (row ? { state: JSON.parse(row.state) as ConsentState, revision: BigInt(row.revision) } : undefined);

const client = '0190a000-0000-7000-8000-00000000c001';
const other = '0190a000-0000-7000-8000-00000000c002';
const consentA = '0190a000-0000-7000-8000-0000000000a1';
const consentB = '0190a000-0000-7000-8000-0000000000b1';

const granted = (clientId: string, consentId: string, until = '2027-06-01T00:00:00.000Z') => ({
  streamName: consentStream(clientId),
  type: 'ConsentGranted',
  data: {
    consentId, clientId, ageBand: '16_plus', grantors: [{ relation: 'client' }], purpose: 'warm_handover',
    recipient: { organisation: 'volwassenenteam', role: null }, dataCategories: ['help_request'],
    period: { from: '2026-12-01T00:00:00.000Z', until }, evidence: { documentId: '0190a000-0000-7000-8000-0000000000d1' }, grantedAt: '2026-12-01T00:00:00.000Z',
  } as JsonObject,
});
const withdrawn = (clientId: string, consentId: string) => ({
  streamName: consentStream(clientId),
  type: 'ConsentWithdrawn',
  data: { consentId, clientId, withdrawnBy: 'client', reason: 'client_request', withdrawnAt: '2026-12-02T00:00:00.000Z' } as JsonObject,
});

const spec = projectionSpec(consentIndexProjection);

describe('consent_index projection', () => {
  it('given nothing, when a consent is granted, then the client row holds it at revision 0 and the consent row names its client and end', () =>
    spec.given([]).when([granted(client, consentA)]).then(async (tx) => {
      const row = readClientRow(await tx.findOneBy(ConsentIndexClients, { clientId: client }));
      expect(row?.revision).toBe(0n);
      expect(row?.state.consents[consentA]).toMatchObject({ status: 'active', purpose: 'warm_handover' });
      expect(await tx.findOneBy(ConsentIndexConsents, { consentId: consentA })).toEqual({ consentId: consentA, clientId: client, status: 'active', until: '2027-06-01T00:00:00.000Z' });
    }));

  it('given a grant, when it is withdrawn, then both rows say withdrawn and the revision moves on', () =>
    spec.given([granted(client, consentA)]).when([withdrawn(client, consentA)]).then(async (tx) => {
      const row = readClientRow(await tx.findOneBy(ConsentIndexClients, { clientId: client }));
      expect(row?.revision).toBe(1n);
      expect(row?.state.consents[consentA].status).toBe('withdrawn');
      expect((await tx.findOneBy(ConsentIndexConsents, { consentId: consentA }))?.status).toBe('withdrawn');
    }));

  it('given two clients, when one batch holds events of both, then each client folds only its own stream', () =>
    spec.given([granted(client, consentA)]).when([granted(other, consentB), withdrawn(client, consentA)]).then(async (tx) => {
      expect(Object.keys(readClientRow(await tx.findOneBy(ConsentIndexClients, { clientId: other }))?.state.consents ?? {})).toEqual([consentB]);
      expect(readClientRow(await tx.findOneBy(ConsentIndexClients, { clientId: client }))?.state.consents[consentA].status).toBe('withdrawn');
      expect(await tx.count(ConsentIndexConsents)).toBe(2);
    }));

  it('given events of another stream category, when projected, then they leave no row', () =>
    spec.given([]).when([{ ...granted(client, consentA), streamName: `casePlanning.caseFile-${client}` }]).then(async (tx) => {
      expect(await tx.count(ConsentIndexClients)).toBe(0);
    }));
});
