import { deleteRows, findRow, findRows, insertRow, saveRow } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';
import { addToCount, type FigureCountRow, type FigureKey, UNATTRIBUTED } from './figure-counts';

/**
 * Consent's public events name a client, never a team. Reporting attributes them to the team that
 * holds the client: the team of the latest referral (intake's ReferralReceived) or case file (case
 * planning's CaseFileOpened) naming the client among its children or family members. Those arrive
 * from other publishers than consent, in no order with consent's events, so a fact whose client has
 * no team yet is counted as unattributed and remembered; once the team arrives it moves there.
 * Client ids are kept only for this, never a name; an erasure (SubjectKeyDestroyed) removes them.
 */
export interface ClientTeamRow {
  clientId: string;
  team: string;
  /** Order of the event that named the team (see `eventOrder`), as a decimal string. */
  eventOrder: string;
}

export const ClientTeams = new EntitySchema<ClientTeamRow>({
  name: 'reporting_consents_client_teams',
  columns: {
    clientId: { type: 'varchar', length: 36, primary: true, name: 'client_id' },
    team: { type: 'varchar', length: 64 },
    eventOrder: { type: 'varchar', length: 24, name: 'event_order' },
  },
});

/** A counted fact waiting for its client's team: which counts table, and the key it is counted under. */
export interface PendingFactRow {
  eventId: string;
  clientId: string;
  figure: string;
  month: string;
  code: string;
  detail: string;
}

export const PendingFacts = new EntitySchema<PendingFactRow>({
  name: 'reporting_consents_pending',
  columns: {
    eventId: { type: 'varchar', length: 36, primary: true, name: 'event_id' },
    clientId: { type: 'varchar', length: 36, name: 'client_id' },
    figure: { type: 'varchar', length: 64 },
    month: { type: 'varchar', length: 7 },
    code: { type: 'varchar', length: 64 },
    detail: { type: 'varchar', length: 64 },
  },
  indices: [{ name: 'reporting_consents_pending_client', columns: ['clientId'] }],
});

export type CountsTables = Readonly<Record<string, EntitySchema<FigureCountRow>>>;

/** Counts one fact about a client under the client's team, or as unattributed until it is known. */
export async function countForClient(tx: EntityManager, tables: CountsTables, figure: string, eventId: string, clientId: string, fact: Omit<FigureKey, 'team'>): Promise<void> {
  const known = await findRow(tx, ClientTeams, { clientId });
  await addToCount(tx, tables[figure], { ...fact, team: known?.team ?? UNATTRIBUTED });
  if (!known) await insertRow(tx, PendingFacts, { eventId, clientId, figure, ...fact });
}

/** The team now holding these clients; facts that waited for it move from unattributed to it. An older event changes nothing. */
export async function attributeClients(tx: EntityManager, tables: CountsTables, clientIds: readonly string[], team: string | null, order: bigint): Promise<void> {
  if (team === null) return;
  for (const clientId of new Set(clientIds)) {
    const current = await findRow(tx, ClientTeams, { clientId });
    if (current && BigInt(current.eventOrder) >= order) continue;
    await saveRow(tx, ClientTeams, { clientId, team, eventOrder: order.toString() });
    for (const { figure, month, code, detail } of await findRows(tx, PendingFacts, { clientId })) {
      await addToCount(tx, tables[figure], { team: UNATTRIBUTED, month, code, detail }, -1);
      await addToCount(tx, tables[figure], { team, month, code, detail });
    }
    await deleteRows(tx, PendingFacts, { clientId });
  }
}

/** An erased client's id leaves reporting; what was counted stays counted (a count holds no id). */
export async function forgetClient(tx: EntityManager, clientId: string): Promise<void> {
  await deleteRows(tx, ClientTeams, { clientId });
  await deleteRows(tx, PendingFacts, { clientId });
}
