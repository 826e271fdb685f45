import { Inject, Injectable, type InjectionToken, type Type } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler, type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Decider, type DomainEvent, DomainError } from '@wijkteam/contracts';
import {
  type Actor,
  EVENT_STORE,
  type EventStore,
  type EventToAppend,
  type JsonObject,
  WrongExpectedVersion,
} from '@wijkteam/event-store';
import { Clock, IdGenerator, type StreamName } from '@wijkteam/contracts';

/** Who asks, and why: becomes the metadata of every event the command produces. */
export interface CommandContext {
  actor: Actor;
  correlationId: string;
  causationId?: string;
  onBehalfOf?: string;
  purpose?: string;
  /**
   * The user's own bearer token, for a request to another service on their behalf (the receiver
   * verifies it and takes the actor from it: `UserRequests`). Never stored or logged: `envelope`
   * copies named fields only. Absent for work nobody asked for (reactors, schedulers).
   */
  token?: string;
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

export interface RunOptions {
  /** If-Match: the revision the caller decided on; any other is a precondition failure (412). */
  ifMatch?: bigint;
  /** The stream must exist (404 otherwise): a command on an entity that was never created. */
  mustExist?: boolean;
  /**
   * 'any': the decision depends on no earlier event of its stream (a disclosure decision reads the
   * consents, not earlier decisions), so the stream is not read, the decider decides on its initial
   * state, and the append does not serialise with other writers of the stream.
   */
  expectedRevision?: 'any';
}

/** Decisions without If-Match are re-decided this many times in all when a concurrent append wins; then 409. */
const CONFLICT_ATTEMPTS = 5;

/**
 * The application layer's one move (docs/architecture.md, "One command path"): read the stream, fold,
 * decide, append with the expected revision. A concurrent writer makes the append fail with
 * WrongExpectedVersion, never a silent overwrite: re-decided on the newer state when the caller named
 * no revision, a 412/409 when it did (If-Match) or when the stream stays contended. Every command of every service ends here,
 * through the one generic handler per decider (`deciderCommands` below).
 */
@Injectable()
export class CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async load<Command, Event extends DomainEvent, State>(decider: Decider<Command, Event, State>, stream: StreamName): Promise<Loaded<State>> {
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
    stream: StreamName,
  ): Promise<Loaded<State> & { revision: bigint }> {
    const loaded = await this.load(decider, stream);
    if (loaded.revision === undefined) throw new DomainError('not_found', 'not_found');
    return { state: loaded.state, revision: loaded.revision };
  }

  async run<Command, Event extends DomainEvent<string, JsonObject>, State>(
    decider: Decider<Command, Event, State>,
    stream: StreamName,
    command: Command,
    context: CommandContext,
    options: RunOptions = {},
  ): Promise<CommandResult<State, Event>> {
    // A caller that named no revision decided on nothing it saw: when another writer (a reactor's
    // append, a colleague's click) lands between the read and the append, deciding again on the
    // newer state is what would have happened had the command come a moment later. The decider
    // sees that state and may refuse. With If-Match the conflict is the caller's to resolve (412).
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.runOnce(decider, stream, command, context, options);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion) || options.ifMatch !== undefined || attempt >= CONFLICT_ATTEMPTS) throw error;
      }
    }
  }

  private async runOnce<Command, Event extends DomainEvent<string, JsonObject>, State>(
    decider: Decider<Command, Event, State>,
    stream: StreamName,
    command: Command,
    context: CommandContext,
    options: RunOptions,
  ): Promise<CommandResult<State, Event>> {
    const unconditional = options.expectedRevision === 'any';
    const { state, revision } = unconditional ? { state: decider.initialState(), revision: undefined } : await this.load(decider, stream);
    if (options.mustExist && revision === undefined) throw new DomainError('not_found', 'not_found');
    // If-Match: the caller decided on a version it saw; anything newer is a precondition failure.
    if (options.ifMatch !== undefined && options.ifMatch !== revision)
      throw new WrongExpectedVersion(options.ifMatch, revision ?? 'no_stream');
    const events = decider.decide(command, state);
    if (events.length === 0) return { state, revision: revision ?? -1n, events };
    const occurredAt = this.clock.now().toISOString();
    const result = await this.store.appendToStream(stream, events.map((event) => envelope(event, this.ids.next(), occurredAt, context)), {
      expectedRevision: unconditional ? 'any' : (revision ?? 'no_stream'),
    });
    return { state: events.reduce(decider.evolve, state), revision: result.nextExpectedRevision, events };
  }
}

/** The envelope metadata every event carries (docs/architecture.md, "The event path"). */
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

/**
 * A command to one stream of one decider, on the CommandBus. Typed through @nestjs/cqrs 11's
 * `Command<T>`: `commandBus.execute(new Referrals.Command(...))` is a
 * `Promise<CommandResult<ReferralState, ReferralEvent>>`, no `any` on the way.
 */
export class DeciderCommand<C, E, S> extends Command<CommandResult<S, E>> {
  constructor(
    /** The id in the stream name: `stream(id)`. */
    readonly id: string,
    readonly command: C,
    readonly context: CommandContext,
    readonly options: RunOptions = {},
  ) {
    super();
  }
}

/** The state of one stream of a decider, with its revision (the ETag); 404 when it does not exist. */
export class DeciderQuery<S> extends Query<Loaded<S> & { revision: bigint }> {
  constructor(readonly id: string) {
    super();
  }
}

/** The stream as it stands: the decider's initial state (revision undefined) when nothing was recorded yet. */
export class DeciderCurrentQuery<S> extends Query<Loaded<S>> {
  constructor(readonly id: string) {
    super();
  }
}

/** What the generic handler needs of a decider: the decider, its stream helper, and an optional hook. */
export interface DeciderHandling<C, E extends DomainEvent<string, JsonObject>, S> {
  decider: Decider<C, E, S>;
  stream: (id: string) => StreamName;
  /** After events were appended (e.g. consent's write-through to its index, seen by the next decision). */
  appended?: (id: string, result: CommandResult<S, E>) => void;
}

/** A decider that needs providers (a policy, an index): built once by the handler from them. */
export interface DeciderHandlingFactory<C, E extends DomainEvent<string, JsonObject>, S> {
  inject: InjectionToken[];
  useFactory: (...deps: never[]) => DeciderHandling<C, E, S>;
}

export interface DeciderCommands<C, E extends DomainEvent<string, JsonObject>, S> {
  /** `new X.Command(id, command, context, { ifMatch })` for the CommandBus. */
  Command: new (id: string, command: C, context: CommandContext, options?: RunOptions) => DeciderCommand<C, E, S>;
  /** `new X.Query(id)` for the QueryBus: 404 `not_found` when the stream does not exist. */
  Query: new (id: string) => DeciderQuery<S>;
  /** `new X.Current(id)`: the stream as it stands, the initial state when it does not exist yet. */
  Current: new (id: string) => DeciderCurrentQuery<S>;
  /** The command handler and the query handler: list them in the service module's providers. */
  handlers: Type<unknown>[];
}

/**
 * One typed, generic command handler per decider (Emmett's `DeciderCommandHandler` is the model):
 * the command and query classes of one decider and their two handlers, which do nothing but
 * `CommandRunner.run` / `loadExisting` on `stream(id)`. No service writes its own handler class.
 */
export function deciderCommands<C, E extends DomainEvent<string, JsonObject>, S>(
  name: string,
  handling: DeciderHandling<C, E, S> | DeciderHandlingFactory<C, E, S>,
): DeciderCommands<C, E, S> {
  const inject = 'useFactory' in handling ? handling.inject : [];
  const build = (deps: unknown[]): DeciderHandling<C, E, S> => ('useFactory' in handling ? handling.useFactory(...(deps as never[])) : handling);

  class DeciderCommandOf extends DeciderCommand<C, E, S> {}
  class DeciderQueryOf extends DeciderQuery<S> {}
  class DeciderCurrentOf extends DeciderCurrentQuery<S> {}

  /** The decider bound once per handler, from the injected dependencies. */
  class BoundDecider {
    protected readonly handling: DeciderHandling<C, E, S>;
    constructor(
      protected readonly runner: CommandRunner,
      ...deps: unknown[]
    ) {
      this.handling = build(deps);
    }
  }

  @CommandHandler(DeciderCommandOf)
  class DeciderCommandHandler extends BoundDecider implements ICommandHandler<DeciderCommandOf> {
    async execute({ id, command, context, options }: DeciderCommandOf): Promise<CommandResult<S, E>> {
      const result = await this.runner.run(this.handling.decider, this.handling.stream(id), command, context, options);
      if (result.events.length > 0) this.handling.appended?.(id, result);
      return result;
    }
  }

  @QueryHandler(DeciderQueryOf)
  class DeciderQueryHandler extends BoundDecider implements IQueryHandler<DeciderQueryOf> {
    execute({ id }: DeciderQueryOf): Promise<Loaded<S> & { revision: bigint }> {
      return this.runner.loadExisting(this.handling.decider, this.handling.stream(id));
    }
  }

  @QueryHandler(DeciderCurrentOf)
  class DeciderCurrentHandler extends BoundDecider implements IQueryHandler<DeciderCurrentOf> {
    execute({ id }: DeciderCurrentOf): Promise<Loaded<S>> {
      return this.runner.load(this.handling.decider, this.handling.stream(id));
    }
  }

  const named = [
    [DeciderCommandOf, 'Command'],
    [DeciderQueryOf, 'Query'],
    [DeciderCurrentOf, 'Current'],
    [DeciderCommandHandler, 'CommandHandler'],
    [DeciderQueryHandler, 'QueryHandler'],
    [DeciderCurrentHandler, 'CurrentHandler'],
  ] as const;
  for (const [type, suffix] of named) Object.defineProperty(type, 'name', { value: `${name}${suffix}` });
  for (const handler of [DeciderCommandHandler, DeciderQueryHandler, DeciderCurrentHandler]) {
    // The dependencies are known only here: declare them as Nest's @Inject would.
    Reflect.defineMetadata('design:paramtypes', [CommandRunner, ...inject.map(() => Object)], handler);
    inject.forEach((token, index) => Inject(token)(handler, undefined, index + 1));
  }
  return { Command: DeciderCommandOf, Query: DeciderQueryOf, Current: DeciderCurrentOf, handlers: [DeciderCommandHandler, DeciderQueryHandler, DeciderCurrentHandler] };
}
