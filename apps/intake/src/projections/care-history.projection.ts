import type { RecordedEvent } from '@wijkteam/event-store';
import { erasureStreamOf } from '@wijkteam/privacy';
import { defineProjection, type Projection } from '@wijkteam/projections';
import { EntitySchema, type EntityManager, In } from 'typeorm';
import { matchKeysOf } from '../application/match-keys';
import { type Person, referralStream, type ReferralStatus } from '../domain/referral';

export interface CareHistoryKeyRow {
  matchKey: string;
  referralId: string;
  clientId: string;
  matchedOn: 'bsn' | 'name_birth_date';
}

export interface CareHistoryReferralRow {
  referralId: string;
  teamId: string | null;
  status: ReferralStatus;
  receivedAt: string;
  caseFileId: string | null;
}

/** Keyed hashes of the persons of every referral: no BSN, name or birth date is stored here. */
export const CareHistoryKeys = new EntitySchema<CareHistoryKeyRow>({
  name: 'care_history_keys',
  columns: {
    matchKey: { type: 'varchar', length: 64, primary: true, name: 'match_key' },
    referralId: { type: 'varchar', length: 36, primary: true, name: 'referral_id' },
    clientId: { type: 'varchar', length: 36, primary: true, name: 'client_id' },
    matchedOn: { type: 'varchar', length: 16, name: 'matched_on' },
  },
  indices: [{ name: 'care_history_keys_client', columns: ['clientId'] }],
});

export const CareHistoryReferrals = new EntitySchema<CareHistoryReferralRow>({
  name: 'care_history_referrals',
  columns: {
    referralId: { type: 'varchar', length: 36, primary: true, name: 'referral_id' },
    teamId: { type: 'varchar', length: 64, nullable: true, name: 'team_id' },
    status: { type: 'varchar', length: 12 },
    receivedAt: { type: 'varchar', length: 32, name: 'received_at' },
    caseFileId: { type: 'varchar', length: 36, nullable: true, name: 'case_file_id' },
  },
});

/** What the projection needs of the privacy codec: the store's events opened (an erased person reads `{ $erased: true }`). */
export interface EventOpener {
  decode(event: RecordedEvent): RecordedEvent | Promise<RecordedEvent>;
}

const OUTCOMES: Record<string, ReferralStatus | undefined> = {
  ReferralAccepted: 'accepted',
  ReferralDeclined: 'declined',
  ReferralWaitlisted: 'waitlisted',
};

const isPerson = (value: unknown): value is Person => typeof value === 'object' && value !== null && typeof (value as Person).name === 'string';

const PERSON_EVENTS = new Set(['ReferralReceived', 'ReferralPersonRecorded']);

/**
 * The care-history index (seed 000): per person of every referral their match keys (HMAC under the
 * configured secret, see domain/care-history.ts), per referral its outcome. The only read model that
 * opens sealed fields, to hash them: it holds hashes, never the values. An erasure (intake's own
 * SubjectKeyDestroyed, written when the consent service's erasure reaches intake) deletes the
 * client's keys, and a rebuild finds the person erased and keys nothing. A new secret needs a new
 * version (the keys are rebuilt).
 */
export function careHistoryProjection(opener: EventOpener, secret: Buffer): Projection {
  return defineProjection({
    name: 'care_history',
    version: 1,
    streamPrefixes: [referralStream.prefix, erasureStreamOf('intake').prefix],
    eventTypes: ['ReferralReceived', 'ReferralPersonRecorded', 'ReferralAccepted', 'ReferralDeclined', 'ReferralWaitlisted', 'ReferralRemovedFromWaitingList', 'SubjectKeyDestroyed'],
    tables: [CareHistoryKeys, CareHistoryReferrals],
    async handle(events: readonly RecordedEvent[], tx: EntityManager) {
      for (const stored of events) {
        const event = PERSON_EVENTS.has(stored.type) ? await opener.decode(stored) : stored;
        const data = event.data as Record<string, unknown>;
        switch (event.type) {
          case 'ReferralReceived': {
            const referralId = data.referralId as string;
            await tx.upsert(
              CareHistoryReferrals,
              { referralId, teamId: (data.teamId as string | undefined) ?? null, status: 'received', receivedAt: data.receivedAt as string, caseFileId: null },
              ['referralId'],
            );
            await keyPerson(tx, referralId, data.clientId as string, data.client, secret);
            break;
          }
          case 'ReferralPersonRecorded':
            await keyPerson(tx, data.referralId as string, data.clientId as string, data.person, secret);
            break;
          case 'ReferralRemovedFromWaitingList':
            await tx.update(CareHistoryReferrals, { referralId: data.referralId as string }, { status: data.reason === 'capacity_available' ? 'received' : 'withdrawn' });
            break;
          case 'SubjectKeyDestroyed':
            await tx.delete(CareHistoryKeys, { clientId: data.subjectId as string });
            break;
          default: {
            const status = OUTCOMES[event.type];
            if (status) await tx.update(CareHistoryReferrals, { referralId: data.referralId as string }, { status, ...(status === 'accepted' ? { caseFileId: data.caseFileId as string } : {}) });
          }
        }
      }
    },
  });
}

async function keyPerson(tx: EntityManager, referralId: string, clientId: string, person: unknown, secret: Buffer): Promise<void> {
  // An erased person (their key destroyed before this replay) is found by nobody.
  if (!isPerson(person)) return;
  const rows = matchKeysOf(person, secret).map(({ key, on }) => ({ matchKey: key, referralId, clientId, matchedOn: on }));
  if (rows.length > 0) await tx.upsert(CareHistoryKeys, rows, ['matchKey', 'referralId', 'clientId']);
}

/** Earlier referrals holding any of these keys, with their outcome (the referral being checked excluded). */
export async function findCareHistory(db: EntityManager, keys: readonly string[], excludeReferralId?: string) {
  if (keys.length === 0) return [];
  const hits = await db.find(CareHistoryKeys, { where: { matchKey: In([...new Set(keys)]) } });
  const byReferral = new Map<string, 'bsn' | 'name_birth_date'>();
  for (const hit of hits) {
    if (hit.referralId === excludeReferralId) continue;
    // A BSN match is the stronger one: name it when both matched.
    if (byReferral.get(hit.referralId) !== 'bsn') byReferral.set(hit.referralId, hit.matchedOn);
  }
  if (byReferral.size === 0) return [];
  const referrals = await db.find(CareHistoryReferrals, { where: { referralId: In([...byReferral.keys()]) } });
  return referrals.map((referral) => ({ ...referral, matchedOn: byReferral.get(referral.referralId) as 'bsn' | 'name_birth_date' }));
}
