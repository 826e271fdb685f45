import type { QueryBus } from '@nestjs/cqrs';
import { DomainError } from '@wijkteam/contracts';
import type { DeciderQuery } from '@wijkteam/runtime';

/**
 * A safety stream of a known case file as it stands: a file nothing was recorded for yet reads as
 * the decider's initial state (no ETag), not as a 404 (the file itself exists).
 */
export async function stateOrInitial<S>(queries: QueryBus, query: DeciderQuery<S>, initial: () => S): Promise<{ state: S; revision: bigint | null }> {
  try {
    return await queries.execute(query);
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'not_found')) throw error;
    return { state: initial(), revision: null };
  }
}
