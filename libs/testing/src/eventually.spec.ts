import { eventually } from './eventually';

describe('eventually', () => {
  it('retries until the check passes', async () => {
    let calls = 0;
    await eventually(async () => {
      calls += 1;
      if (calls < 3) throw new Error('not yet');
    }, 1_000, 1);
    expect(calls).toBe(3);
  });

  it('throws the last failure once the time is up', async () => {
    await expect(
      eventually(async () => {
        throw new Error('never');
      }, 20, 5),
    ).rejects.toThrow('never');
  });
});
