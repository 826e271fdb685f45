import { v7 as uuidv7 } from 'uuid';

/** Time is a port (docs/architecture.md): deciders get `now` in the command, tests fix it. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** Ids are a port too: event ids must be UUIDv7 (time-ordered), tests may fix them. */
export abstract class IdGenerator {
  abstract next(): string;
}

export class UuidV7Generator extends IdGenerator {
  next(): string {
    return uuidv7();
  }
}
