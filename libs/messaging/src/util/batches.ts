import { setImmediate as nextTurn } from 'node:timers/promises';

const NOTHING_READY = Symbol('nothing-ready');

/**
 * Groups an async source into batches of what is available right now (at most `maxSize`), without
 * waiting for a batch to fill: while catching up batches are full, when live a batch is whatever has
 * arrived before the event loop's next turn. The caller owns the source and must end it (close the
 * subscription) to stop a pending read; abandoning this generator never awaits the source, so a live
 * subscription cannot hang shutdown.
 */
export async function* batches<T>(source: AsyncIterable<T>, maxSize: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | undefined = iterator.next();
  try {
    while (pending) {
      const first: IteratorResult<T> = await pending;
      if (first.done) return;
      const batch = [first.value];
      pending = iterator.next();
      // One turn marker per batch, not per item: cheap when thousands of events are ready.
      const turn = nextTurn().then((): typeof NOTHING_READY => NOTHING_READY);
      let failure: { error: unknown } | undefined;
      while (batch.length < maxSize) {
        let next: IteratorResult<T> | typeof NOTHING_READY;
        try {
          next = await Promise.race([pending, turn]);
        } catch (error) {
          // What was read before the failure is still handed out, then the failure.
          failure = { error };
          pending = undefined;
          break;
        }
        if (next === NOTHING_READY) break;
        if (next.done) {
          pending = undefined;
          break;
        }
        batch.push(next.value);
        pending = iterator.next();
      }
      yield batch;
      if (failure) throw failure.error;
    }
  } finally {
    // A read still in flight when we are abandoned must not surface as an unhandled rejection.
    pending?.catch(() => undefined);
  }
}
