import type { EntityManager } from 'typeorm';
import { ComplianceClientTeams, type ComplianceCheck, ComplianceFiles, ComplianceFindings, type Evidence } from './compliance-tables';
import { UNATTRIBUTED } from './figure-counts';

/** An event as evidence: its id, its type and the time its data gives it. */
export function evidenceOf(event: { id: string; type: string }, at: string): Evidence {
  return { eventId: event.id, type: event.type, at };
}

export interface Violation {
  check: ComplianceCheck;
  detail: string;
  /** The violating event; its id and the check name the finding. */
  event: Evidence;
  /** Earlier events that show it (the grant and its withdrawal, the previous director, …); missing ones left out. */
  earlier?: readonly (Evidence | null | undefined)[];
  /** Who the event is about, to find the team: a case file's team, or else the client's. */
  caseFileId?: string;
  clientId?: string;
}

/**
 * Records a finding once: a second violation of the same check by the same event (a disclosure
 * with neither permit nor ground) adds nothing. The team is the case file's or the client's as far
 * as reporting knows them; otherwise unattributed until the referral or case file arrives.
 */
export async function found(tx: EntityManager, violation: Violation): Promise<void> {
  const { check, detail, event, earlier = [], caseFileId = null, clientId = null } = violation;
  const findingId = `${check}:${event.eventId}`;
  if (await tx.existsBy(ComplianceFindings, { findingId })) return;
  const team = (await teamOf(tx, caseFileId, clientId)) ?? UNATTRIBUTED;
  // Oldest first (a stable sort: events of one moment keep the order they were named in).
  const evidence = [...earlier.filter((item): item is Evidence => !!item), event].sort((a, b) => a.at.localeCompare(b.at));
  await tx.insert(ComplianceFindings, { findingId, check, detail, team, at: event.at, evidence, caseFileId, clientId });
}

async function teamOf(tx: EntityManager, caseFileId: string | null, clientId: string | null): Promise<string | undefined> {
  if (caseFileId !== null) {
    const file = await tx.findOneBy(ComplianceFiles, { caseFileId });
    if (file) return file.team;
  }
  if (clientId !== null) return (await tx.findOneBy(ComplianceClientTeams, { clientId }))?.team;
  return undefined;
}

/** A case file's team has arrived: its findings that waited for it move there. */
export async function attributeFile(tx: EntityManager, caseFileId: string, team: string): Promise<void> {
  if (team !== UNATTRIBUTED) await tx.update(ComplianceFindings, { caseFileId, team: UNATTRIBUTED }, { team });
}

/**
 * The team now holding these clients (the latest referral or case file naming them, as the consent
 * figures attribute them): findings about them that waited for a team move there; findings already
 * attributed keep the team they had when found. An older event changes nothing.
 */
export async function attributeClients(tx: EntityManager, clientIds: readonly string[], team: string | null, order: bigint): Promise<void> {
  if (team === null) return;
  for (const clientId of new Set(clientIds)) {
    const current = await tx.findOneBy(ComplianceClientTeams, { clientId });
    if (current && BigInt(current.eventOrder) >= order) continue;
    await tx.save(ComplianceClientTeams, { clientId, team, eventOrder: order.toString() });
    await tx.update(ComplianceFindings, { clientId, team: UNATTRIBUTED }, { team });
  }
}
