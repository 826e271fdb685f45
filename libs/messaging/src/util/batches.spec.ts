import { batches } from './batches';

describe('batches', () => {
  it('groups what is ready without waiting for a batch to fill', async () => {
    async function* source(): AsyncGenerator<number> {
      for (let i = 0; i < 5; i += 1) yield i;
      await new Promise((resolve) => setTimeout(resolve, 20));
      yield 5;
    }
    const seen: number[][] = [];
    for await (const batch of batches(source(), 3)) seen.push(batch);
    expect(seen).toEqual([[0, 1, 2], [3, 4], [5]]);
  });

  it('hands out what was read before a failure, then fails', async () => {
    async function* source(): AsyncGenerator<number> {
      yield 0;
      yield 1;
      throw new Error('unreadable');
    }
    const seen: number[][] = [];
    await expect(
      (async () => {
        for await (const batch of batches(source(), 10)) seen.push(batch);
      })(),
    ).rejects.toThrow('unreadable');
    expect(seen).toEqual([[0, 1]]);
  });
});
