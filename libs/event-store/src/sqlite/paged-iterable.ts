import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** Reads the next page; `last` says no page follows. Called only when the previous page is used up. */
export type ReadPage<T> = () => { items: T[]; last: boolean };

/**
 * Async iteration over pages that are read synchronously (better-sqlite3), one page in memory at a
 * time. Hand-written rather than an async generator because a replay yields millions of events and
 * a generator costs several promise hops per event; here an event already in memory costs one
 * settled promise. Between pages it lets timers and I/O run, so a long replay does not starve the
 * process. `open` runs at the first `next()`, so argument errors reject it like any read error.
 */
export function pagedIterable<T>(open: () => ReadPage<T>): AsyncIterable<T> {
  return { [Symbol.asyncIterator]: () => new PagedIterator(open) };
}

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

class PagedIterator<T> implements AsyncIterator<T, undefined> {
  private readPage: ReadPage<T> | undefined;
  private page: T[] = [];
  private index = 0;
  private last = false;
  private pending: Promise<unknown> | undefined;

  constructor(private readonly open: () => ReadPage<T>) {}

  next(): Promise<IteratorResult<T, undefined>> {
    // A caller that does not await each next() still gets events in order.
    if (this.pending) return this.pending.then(() => this.next());
    if (this.index < this.page.length) return Promise.resolve({ value: this.page[this.index++], done: false });
    if (this.last) return Promise.resolve(DONE);
    const filled = this.readPage ? yieldToEventLoop().then(() => this.fill()) : Promise.resolve().then(() => this.fill());
    this.pending = filled.finally(() => (this.pending = undefined));
    return this.pending.then(() => this.next());
  }

  return(): Promise<IteratorResult<T, undefined>> {
    this.finish();
    return Promise.resolve(DONE);
  }

  private fill(): void {
    try {
      this.readPage ??= this.open();
      const { items, last } = this.readPage();
      this.page = items;
      this.index = 0;
      this.last = last;
    } catch (error) {
      this.finish();
      throw error;
    }
  }

  private finish(): void {
    this.page = [];
    this.index = 0;
    this.last = true;
  }
}
