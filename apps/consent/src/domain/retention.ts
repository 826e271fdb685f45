import type { DomainEvent } from '@wijkteam/contracts';
import { addYearsUtc } from './calendar';

/**
 * The retention clock (Jeugdwet art. 7.3.8: files are kept 20 years after care ended, unless
 * destruction is requested). Erasure is per client (one key per data subject), so the unit here is
 * the client: due once every case file of the client is closed and the latest closure is older than
 * the term. A reopened file stops the clock; a client already erased is never listed again.
 */
export interface RetentionOptions {
  /** Default 20 (Jeugdwet); a municipality may configure longer. */
  retentionYears: number;
}
export const DEFAULT_RETENTION: RetentionOptions = { retentionYears: 20 };

export type RetentionEvent =
  | DomainEvent<'CaseFileClosed', { caseFileId: string; clientId: string; closedAt: string }>
  | DomainEvent<'CaseFileReopened', { caseFileId: string; clientId: string; reopenedAt: string }>
  | DomainEvent<'SubjectKeyDestroyed', { subjectId: string }>;

export interface RetentionState {
  /** clientId -> caseFileId -> closedAt (null while open) */
  clients: Record<string, Record<string, string | null>>;
  erased: string[];
}

export interface DueForDestruction {
  clientId: string;
  caseFileIds: string[];
  careEndedAt: string;
  destroyAfter: string;
}

export const initialRetentionState = (): RetentionState => ({ clients: {}, erased: [] });

export function evolveRetention(state: RetentionState, event: RetentionEvent): RetentionState {
  switch (event.type) {
    case 'CaseFileClosed':
      return withFile(state, event.data.clientId, event.data.caseFileId, event.data.closedAt);
    case 'CaseFileReopened':
      return withFile(state, event.data.clientId, event.data.caseFileId, null);
    case 'SubjectKeyDestroyed':
      return state.erased.includes(event.data.subjectId) ? state : { ...state, erased: [...state.erased, event.data.subjectId] };
  }
}

function withFile(state: RetentionState, clientId: string, caseFileId: string, closedAt: string | null): RetentionState {
  return { ...state, clients: { ...state.clients, [clientId]: { ...state.clients[clientId], [caseFileId]: closedAt } } };
}

/** Pure: the clients whose files are due for destruction at `now`, oldest first. */
export function dueForDestruction(state: RetentionState, now: Date, options: RetentionOptions = DEFAULT_RETENTION): DueForDestruction[] {
  if (!Number.isInteger(options.retentionYears) || options.retentionYears < 1) throw new Error('retentionYears must be a positive integer');
  const due: DueForDestruction[] = [];
  for (const [clientId, files] of Object.entries(state.clients)) {
    if (state.erased.includes(clientId)) continue;
    const closures = Object.values(files);
    if (closures.some((closedAt) => closedAt === null)) continue;
    const careEndedAt = (closures as string[]).reduce((latest, at) => (Date.parse(at) > Date.parse(latest) ? at : latest));
    const destroyAfter = addYearsUtc(new Date(careEndedAt), options.retentionYears);
    if (destroyAfter.getTime() <= now.getTime())
      due.push({ clientId, caseFileIds: Object.keys(files).sort(), careEndedAt, destroyAfter: destroyAfter.toISOString() });
  }
  return due.sort((a, b) => Date.parse(a.destroyAfter) - Date.parse(b.destroyAfter));
}
