import { Limiter } from './limiter';

describe('Limiter', () => {
  it('hands out free slots at once, then makes acquirers wait for a release, in order', async () => {
    const limiter = new Limiter(2);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    const order: string[] = [];
    const first = limiter.acquire().then(() => order.push('first'));
    const second = limiter.acquire().then(() => order.push('second'));
    await Promise.resolve();
    expect(order).toEqual([]);
    limiter.release();
    await first;
    expect(order).toEqual(['first']);
    // The released slot went to the waiter: still full.
    expect(limiter.tryAcquire()).toBe(false);
    limiter.release();
    await second;
    expect(order).toEqual(['first', 'second']);
  });

  it('is idle once every slot is released', async () => {
    const limiter = new Limiter(1);
    await limiter.idle();
    expect(limiter.tryAcquire()).toBe(true);
    let idle = false;
    const waiting = limiter.idle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    limiter.release();
    await waiting;
    expect(idle).toBe(true);
    expect(limiter.tryAcquire()).toBe(true);
  });
});
