import { pagedIterable } from '../src/sqlite/paged-iterable';

/** Pages of `size` numbers from 0 up to `total`, recording each read. */
function numbers(total: number, size: number, reads: string[] = []) {
  return pagedIterable(() => {
    let next = 0;
    return () => {
      reads.push(`page from ${next}`);
      const items = Array.from({ length: Math.min(size, total - next) }, (_, index) => next + index);
      next += items.length;
      return { items, last: next >= total };
    };
  });
}

describe('pagedIterable', () => {
  it('yields every item of every page in order, reading a page only when the last one is used up', async () => {
    const reads: string[] = [];
    const seen: number[] = [];
    for await (const n of numbers(5, 2, reads)) {
      seen.push(n);
      reads.push(`item ${n}`);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(reads).toEqual(['page from 0', 'item 0', 'item 1', 'page from 2', 'item 2', 'item 3', 'page from 4', 'item 4']);
  });

  it('keeps order for callers that do not await each next()', async () => {
    const iterator = numbers(5, 2)[Symbol.asyncIterator]();
    const results = await Promise.all(Array.from({ length: 7 }, () => iterator.next()));
    expect(results.map((result) => (result.done ? 'done' : result.value))).toEqual([0, 1, 2, 3, 4, 'done', 'done']);
  });

  it('lets timers and I/O run between pages', async () => {
    const reads: string[] = [];
    const iterator = numbers(4, 2, reads)[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    setImmediate(() => reads.push('event loop turn'));
    await iterator.next();
    expect(reads).toEqual(['page from 0', 'event loop turn', 'page from 2']);
  });

  it('rejects next() with what opening or reading threw, then ends', async () => {
    const failing = pagedIterable<number>(() => {
      throw new RangeError('bad argument');
    })[Symbol.asyncIterator]();
    await expect(failing.next()).rejects.toThrow(RangeError);
    await expect(failing.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('ends on return() without reading further', async () => {
    const reads: string[] = [];
    for await (const n of numbers(10, 2, reads)) if (n === 1) break;
    expect(reads).toEqual(['page from 0']);
  });
});
