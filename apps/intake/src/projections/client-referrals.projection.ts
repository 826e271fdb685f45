import type { RecordedEvent } from '@wijkteam/event-store';
import { defineProjection } from '@wijkteam/projections';
import { EntitySchema, type EntityManager, In } from 'typeorm';
import { referralStream } from '../domain/referral';

/** Which referral names a client: ids only (the person's data stays sealed in the referral's stream). */
export interface ClientReferralRow {
  clientId: string;
  referralId: string;
  /** When the referral came in: the newest referral of a client is read first. */
  receivedAt: string;
}

export const ClientReferrals = new EntitySchema<ClientReferralRow>({
  name: 'client_referrals_clients',
  columns: {
    clientId: { type: 'varchar', length: 36, primary: true, name: 'client_id' },
    referralId: { type: 'varchar', length: 36, primary: true, name: 'referral_id' },
    receivedAt: { type: 'varchar', length: 32, name: 'received_at' },
  },
});

/**
 * Client id → the referrals that name them (children and family members), so intake can answer
 * about a client (e.g. the 18th birthday for case planning's 18-/18+ list, seed 004) by reading
 * only those referrals' streams. A client named again by a later referral (a known client id)
 * gets a row per referral.
 */
export const clientReferralsProjection = defineProjection({
  name: 'client_referrals',
  version: 1,
  streamPrefixes: [referralStream.prefix],
  eventTypes: ['ReferralReceived'],
  tables: [ClientReferrals],
  async handle(events: readonly RecordedEvent[], tx: EntityManager) {
    const rows = events.flatMap((event) => {
      const data = event.data as { referralId: string; clientId: string; childIds?: string[]; familyMembers?: { clientId: string }[]; receivedAt: string };
      // A referral of before issue 13 names only the referred child.
      const clientIds = [...(data.childIds ?? [data.clientId]), ...(data.familyMembers ?? []).map((m) => m.clientId)];
      return [...new Set(clientIds)].map((clientId) => ({ clientId, referralId: data.referralId, receivedAt: data.receivedAt }));
    });
    if (rows.length > 0) await tx.upsert(ClientReferrals, rows, ['clientId', 'referralId']);
  },
});

/** The referrals naming each client, newest first. */
export async function referralsOfClients(db: EntityManager, clientIds: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (clientIds.length === 0) return found;
  const rows = await db.find(ClientReferrals, { where: { clientId: In([...clientIds]) }, order: { receivedAt: 'DESC' } });
  for (const row of rows) found.set(row.clientId, [...(found.get(row.clientId) ?? []), row.referralId]);
  return found;
}
