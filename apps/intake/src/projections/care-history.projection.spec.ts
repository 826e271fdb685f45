import type { JsonObject, RecordedEvent } from '@wijkteam/event-store';
import { projectionSpec } from '@wijkteam/testing';
import { referralStream } from '../domain/referral';
import { matchKeysOf } from '../application/match-keys';
import { CareHistoryKeys, CareHistoryReferrals, careHistoryProjection, findCareHistory } from './care-history.projection';

const secret = Buffer.alloc(32, 1);
/** The events as the codec would open them: here they are written in the clear already. */
const opened = { decode: (event: RecordedEvent) => event };
const spec = projectionSpec(careHistoryProjection(opened, secret));

const referralA = '0190a000-0000-7000-8000-0000000000a1';
const referralB = '0190a000-0000-7000-8000-0000000000b1';
const child = '0190a000-0000-7000-8000-00000000c001';
const parent = '0190a000-0000-7000-8000-00000000c002';
const childPerson = { name: 'Sanne de Vries', birthDate: '2014-05-12', bsn: '111222333' };
const parentPerson = { name: 'José de Vries', birthDate: '1985-03-04', bsn: null };

const received = (referralId: string, clientId: string, client: JsonObject) => ({
  streamName: referralStream(referralId),
  type: 'ReferralReceived',
  data: { referralId, clientId, teamId: 'wijkteam-noord', receivedAt: '2026-12-01T09:00:00.000Z', client } as JsonObject,
});
const person = (referralId: string, clientId: string, recorded: JsonObject) => ({
  streamName: referralStream(referralId),
  type: 'ReferralPersonRecorded',
  data: { referralId, clientId, role: 'family_member', relation: 'parent', person: recorded } as JsonObject,
});
const accepted = (referralId: string) => ({ streamName: referralStream(referralId), type: 'ReferralAccepted', data: { referralId, caseFileId: '0190a000-0000-7000-8000-0000000000cf' } as JsonObject });
const erased = (clientId: string) => ({ streamName: `intake.erasure-${clientId}`, type: 'SubjectKeyDestroyed', data: { subjectId: clientId } as JsonObject });
const keysOf = (p: typeof childPerson | typeof parentPerson) => matchKeysOf(p, secret).map((k) => k.key);

describe('care_history projection', () => {
  it('given nothing, when a family is referred, then each person is keyed by hash (BSN and name + birth date) and the referral is received', () =>
    spec.given([]).when([received(referralA, child, childPerson), person(referralA, parent, parentPerson)]).then(async (tx) => {
      const keys = await tx.find(CareHistoryKeys, { order: { clientId: 'ASC', matchedOn: 'ASC' } });
      expect(keys.map(({ clientId, matchedOn }) => [clientId, matchedOn])).toEqual([
        [child, 'bsn'],
        [child, 'name_birth_date'],
        [parent, 'name_birth_date'],
      ]);
      expect(JSON.stringify(keys)).not.toMatch(/111222333|Sanne|2014-05-12|José|1985/);
      expect(await tx.findOneBy(CareHistoryReferrals, { referralId: referralA })).toEqual({ referralId: referralA, teamId: 'wijkteam-noord', status: 'received', receivedAt: '2026-12-01T09:00:00.000Z', caseFileId: null });
    }));

  it('given a referral, when it is accepted, then a lookup by either key finds it with its outcome and case file', () =>
    spec.given([received(referralA, child, childPerson)]).when([accepted(referralA)]).then(async (tx) => {
      const byBsn = await findCareHistory(tx, [keysOf({ ...childPerson, name: 'Iemand Anders' })[0]]);
      expect(byBsn).toEqual([expect.objectContaining({ referralId: referralA, status: 'accepted', caseFileId: '0190a000-0000-7000-8000-0000000000cf', matchedOn: 'bsn' })]);
      const byName = await findCareHistory(tx, keysOf({ ...childPerson, name: 'SANNE  DE VRIES', bsn: null }));
      expect(byName).toEqual([expect.objectContaining({ referralId: referralA, matchedOn: 'name_birth_date' })]);
      expect(await findCareHistory(tx, keysOf({ ...childPerson, bsn: null, birthDate: '2014-05-13' }))).toEqual([]);
    }));

  it('given two referrals of one person, when both keys match, then each referral is found once, the BSN match named', () =>
    spec.given([received(referralA, child, childPerson)]).when([received(referralB, child, { ...childPerson, bsn: null })]).then(async (tx) => {
      const found = await findCareHistory(tx, keysOf(childPerson));
      expect(found.map((f) => [f.referralId, f.matchedOn]).sort()).toEqual([
        [referralA, 'bsn'],
        [referralB, 'name_birth_date'],
      ]);
    }));

  it("given a family, when one person is erased, then that person's keys are gone and the others stay", () =>
    spec.given([received(referralA, child, childPerson), person(referralA, parent, parentPerson)]).when([erased(child)]).then(async (tx) => {
      expect(await findCareHistory(tx, keysOf(childPerson))).toEqual([]);
      expect(await findCareHistory(tx, keysOf(parentPerson))).toHaveLength(1);
    }));

  it('given nothing, when a replay meets a person already erased ({ $erased: true }), then nobody is keyed', () =>
    spec.given([]).when([received(referralA, child, { $erased: true })]).then(async (tx) => {
      expect(await tx.count(CareHistoryKeys)).toBe(0);
      expect(await tx.count(CareHistoryReferrals)).toBe(1);
    }));
});
