import type { DomainEvent } from '@wijkteam/contracts';
import type { EventToAppend, JsonObject } from '@wijkteam/event-store';
import type { CommandContext } from '@wijkteam/runtime';

/**
 * The same envelope CommandRunner writes (ARCHITECTURE.md: occurredAt, actor, correlation, schema
 * version), for the one append that does not go through it: a disclosure decision, which depends on
 * the consent stream and not on earlier decisions, so it needs no load of its own stream.
 */
export function envelope(event: DomainEvent<string, JsonObject>, id: string, occurredAt: string, context: CommandContext): EventToAppend {
  return {
    id,
    type: event.type,
    data: event.data,
    metadata: {
      occurredAt,
      actor: context.actor,
      ...(context.onBehalfOf ? { onBehalfOf: context.onBehalfOf } : {}),
      ...(context.purpose ? { purpose: context.purpose } : {}),
      correlationId: context.correlationId,
      ...(context.causationId ? { causationId: context.causationId } : {}),
      schemaVersion: 1,
    },
  };
}
