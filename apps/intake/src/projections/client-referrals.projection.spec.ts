import { projectionSpec } from '@wijkteam/testing';
import type { EntityManager } from 'typeorm';
import { referralStream } from '../domain/referral';
import { clientReferralsProjection, referralsOfClients } from './client-referrals.projection';

const first = '0190a000-0000-7000-8000-0000000000a1';
const second = '0190a000-0000-7000-8000-0000000000a2';
const child = '0190a000-0000-7000-8000-00000000c001';
const sibling = '0190a000-0000-7000-8000-00000000c002';
const parent = '0190a000-0000-7000-8000-00000000f001';
const sealed = { $sealed: 'AAAA' };

const received = (referralId: string, data: Record<string, unknown>) => ({
  streamName: referralStream(referralId),
  type: 'ReferralReceived',
  data: { referralId, clientId: child, client: sealed, helpQuestion: sealed, ...data },
});

const spec = projectionSpec(clientReferralsProjection);
const lookup = (tx: EntityManager, ids: string[]) => referralsOfClients(tx, ids).then((found) => Object.fromEntries(found));

describe('client_referrals projection', () => {
  it('given nothing, when a family is referred, then each child and family member points to the referral', () =>
    spec
      .given([])
      .when([received(first, { childIds: [child, sibling], familyMembers: [{ clientId: parent, relation: 'parent' }], receivedAt: '2026-12-01T09:00:00.000Z' })])
      .then(async (tx) => expect(await lookup(tx, [child, sibling, parent])).toEqual({ [child]: [first], [sibling]: [first], [parent]: [first] })));

  it('given an earlier referral, when the client is named again, then both referrals are found, the newest first', () =>
    spec
      .given([received(first, { childIds: [child], receivedAt: '2026-12-01T09:00:00.000Z' })])
      .when([received(second, { childIds: [child], receivedAt: '2027-01-05T09:00:00.000Z' })])
      .then(async (tx) => expect(await lookup(tx, [child])).toEqual({ [child]: [second, first] })));

  it('a referral of before issue 13 (no children list) names its one child; a client nobody named is absent', () =>
    spec
      .given([])
      .when([received(first, { receivedAt: '2026-12-01T09:00:00.000Z' })])
      .then(async (tx) => expect(await lookup(tx, [child, sibling])).toEqual({ [child]: [first] })));

  it('holds ids only, never a sealed field', () =>
    spec
      .given([])
      .when([received(first, { childIds: [child], receivedAt: '2026-12-01T09:00:00.000Z' })])
      .then(async (tx) => expect(JSON.stringify(await tx.query('select * from client_referrals_clients'))).not.toContain('$sealed')));
});
