/**
 * A decider is three plain functions (Emmett's decider): no Nest, no I/O, no clock. Time and ids come in
 * with the command.
 */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

export interface Decider<Command, Event extends DomainEvent, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/**
 * How the HTTP edge should answer a rejected command:
 * - conflict (409): the command does not fit the current state
 * - unprocessable (422): the command breaks a domain rule on its own
 * - forbidden (403): the actor may not do this
 */
export type DomainErrorKind = 'conflict' | 'unprocessable' | 'forbidden' | 'not_found';

/** A rejected command: a code a user can act on, and the field at fault where there is one. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind = 'conflict',
    readonly field?: string,
  ) {
    super(field ? `${code} (${field})` : code);
    this.name = 'DomainError';
  }
}

export function fold<Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  events: Iterable<Event>,
): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
