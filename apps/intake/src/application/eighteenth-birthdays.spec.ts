import type { QueryBus } from '@nestjs/cqrs';
import { DomainError } from '@wijkteam/contracts';
import { openProjectionDatabase, type ProjectionHost } from '@wijkteam/projections';
import { validateMessage } from '@wijkteam/runtime';
import type { DataSource } from 'typeorm';
import { EighteenthBirthdaysRequest } from '../api/eighteenth-birthdays.controller';
import type { ReferralState } from '../domain/referral';
import { ClientReferrals } from '../projections/client-referrals.projection';
import { EighteenthBirthdays } from './eighteenth-birthdays';

const referral = '0190a000-0000-7000-8000-0000000000a1';
const gone = '0190a000-0000-7000-8000-0000000000a9';
const child = '0190a000-0000-7000-8000-00000000c001';
const sibling = '0190a000-0000-7000-8000-00000000c002';
const erased = '0190a000-0000-7000-8000-00000000c003';
const unknown = '0190a000-0000-7000-8000-00000000c004';
const orphan = '0190a000-0000-7000-8000-00000000c005';

// The referral as intake's store opens it: the referred child, a sibling, and a child whose key was destroyed.
const state = {
  status: 'accepted',
  clientId: child,
  client: { name: 'Sanne', birthDate: '2009-03-15', bsn: null },
  children: [
    { clientId: child, person: { name: 'Sanne', birthDate: '2009-03-15', bsn: null } },
    { clientId: sibling, person: { name: 'Bram', birthDate: '2012-02-29', bsn: null } },
    { clientId: erased, person: { $erased: true } },
  ],
  familyMembers: [],
} as unknown as ReferralState;

describe('intake.eighteenth-birthdays', () => {
  let db: DataSource;
  let reads = 0;
  const queries = {
    execute: async (query: { id: string }) => {
      reads += 1;
      if (query.id === gone) throw new DomainError('not_found', 'not_found');
      return { state, revision: 3n };
    },
  } as unknown as QueryBus;

  beforeAll(async () => {
    db = await openProjectionDatabase('sqlite::memory:', [ClientReferrals]);
    const at = '2026-11-01T09:00:00.000Z';
    await db.manager.insert(ClientReferrals, [child, sibling, erased].map((clientId) => ({ clientId, referralId: referral, receivedAt: at })));
    await db.manager.insert(ClientReferrals, { clientId: orphan, referralId: gone, receivedAt: at });
  });
  afterAll(() => db.destroy());

  it('answers the 18th birthday of each client intake holds a birth date of, reading each referral once; erased and unknown clients are absent', async () => {
    const answer = await new EighteenthBirthdays(queries, { db } as unknown as ProjectionHost).of([child, sibling, erased, unknown, orphan]);
    expect(answer).toEqual([
      { clientId: child, eighteenOn: '2027-03-15' },
      { clientId: sibling, eighteenOn: '2030-03-01' },
    ]);
    expect(JSON.stringify(answer)).not.toMatch(/2009-03-15|2012-02-29/);
    expect(reads).toBe(2);
  });

  it('takes up to 1000 canonical ids, the user\'s token and a correlation id, naming the field at fault', async () => {
    // A JWT in form (its signature is the receiver's UserRequests' to verify).
    const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJjb2FjaC1ub29yZC0xIn0.c2lnbmF0dXJl';
    await expect(validateMessage(EighteenthBirthdaysRequest, { clientIds: [child], token, correlationId: 'corr-12345678' })).resolves.toBeDefined();
    const ids = Array.from({ length: 1001 }, () => child);
    await expect(validateMessage(EighteenthBirthdaysRequest, { clientIds: ids, token, correlationId: 'corr-12345678' })).rejects.toMatchObject({ field: 'clientIds' });
    await expect(validateMessage(EighteenthBirthdaysRequest, { clientIds: [child.toUpperCase()], token, correlationId: 'corr-12345678' })).rejects.toMatchObject({ field: 'clientIds' });
    await expect(validateMessage(EighteenthBirthdaysRequest, { clientIds: [child], correlationId: 'corr-12345678' })).rejects.toMatchObject({ field: 'token' });
    const actor = { userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord' };
    await expect(validateMessage(EighteenthBirthdaysRequest, { clientIds: [child], token, actor, correlationId: 'corr-12345678' })).rejects.toMatchObject({ field: 'actor' });
  });
});
