import { Inject, Injectable } from '@nestjs/common';
import { type Decider, type DomainEvent, DomainError } from '@wijkteam/contracts';
import {
  type Actor,
  EVENT_STORE,
  type EventStore,
  type EventToAppend,
  type JsonObject,
  WrongExpectedVersion,
} from '@wijkteam/event-store';
import { Clock, IdGenerator } from '@wijkteam/contracts';

/** Who asks, and why: becomes the metadata of every event the command produces. */
export interface CommandContext {
  actor: Actor;
  correlationId: string;
  causationId?: string;
  onBehalfOf?: string;
  purpose?: string;
}

export interface Loaded<State> {
  state: State;
  /** Revision of the stream's last event; undefined when the stream does not exist. */
  revision: bigint | undefined;
}

export interface CommandResult<State, Event> {
  state: State;
  revision: bigint;
  events: Event[];
}

/**
 * The application layer's one move (ARCHITECTURE.md, "The event path"): read the stream, fold,
 * decide, append with the expected revision. A concurrent writer makes the append fail with
 * WrongExpectedVersion (409), never a silent overwrite.
 */
@Injectable()
export class CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async load<Command, Event extends DomainEvent, State>(
    decider: Decider<Command, Event, State>,
    stream: string,
  ): Promise<Loaded<State>> {
    let state = decider.initialState();
    let revision: bigint | undefined;
    for await (const recorded of this.store.readStream(stream)) {
      state = decider.evolve(state, { type: recorded.type, data: recorded.data } as unknown as Event);
      revision = recorded.revision;
    }
    return { state, revision };
  }

  /** Loads and throws not_found when the stream does not exist. */
  async loadExisting<Command, Event extends DomainEvent, State>(
    decider: Decider<Command, Event, State>,
    stream: string,
  ): Promise<Loaded<State> & { revision: bigint }> {
    const loaded = await this.load(decider, stream);
    if (loaded.revision === undefined) throw new DomainError('not_found', 'not_found');
    return { state: loaded.state, revision: loaded.revision };
  }

  async run<Command, Event extends DomainEvent<string, JsonObject>, State>(
    decider: Decider<Command, Event, State>,
    stream: string,
    command: Command,
    context: CommandContext,
    options: { ifMatch?: bigint; mustExist?: boolean } = {},
  ): Promise<CommandResult<State, Event>> {
    const { state, revision } = await this.load(decider, stream);
    if (options.mustExist && revision === undefined) throw new DomainError('not_found', 'not_found');
    // If-Match: the caller decided on a version it saw; anything newer is a precondition failure.
    if (options.ifMatch !== undefined && options.ifMatch !== revision)
      throw new WrongExpectedVersion(options.ifMatch, revision ?? 'no_stream');
    const events = decider.decide(command, state);
    if (events.length === 0) return { state, revision: revision ?? -1n, events };
    const occurredAt = this.clock.now().toISOString();
    const result = await this.store.appendToStream(stream, events.map((event) => envelope(event, this.ids.next(), occurredAt, context)), {
      expectedRevision: revision ?? 'no_stream',
    });
    return { state: events.reduce(decider.evolve, state), revision: result.nextExpectedRevision, events };
  }
}

/** The envelope metadata every event carries (ARCHITECTURE.md, "The event path"). */
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
