import { WindowCheckpoints } from './window-checkpoints';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('WindowCheckpoints', () => {
  it('moves the checkpoint in order only, whatever order the acks arrive in', async () => {
    const saved: bigint[] = [];
    const windows = new WindowCheckpoints(undefined, async (p) => {
      saved.push(p);
    });
    const first = deferred();
    const second = deferred();
    void windows.add(first.promise, 10n, true);
    void windows.add(second.promise, 20n, true);
    second.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(saved).toEqual([]);
    first.resolve();
    await windows.settled();
    expect(saved).toEqual([10n, 20n]);
  });

  it('never saves past a failed window, and saves what was acked before it on close', async () => {
    const saved: bigint[] = [];
    const windows = new WindowCheckpoints(5n, async (p) => {
      saved.push(p);
    });
    // Catching up (full windows): saving is batched, not per window.
    await windows.add(Promise.resolve(), 10n, false);
    const failing = windows.add(Promise.reject(new Error('no PubAck')), 20n, false);
    await failing;
    void windows.add(Promise.resolve(), 30n, false);
    await expect(windows.settled()).rejects.toThrow('no PubAck');
    await windows.close();
    expect(saved).toEqual([10n]);
  });
});
