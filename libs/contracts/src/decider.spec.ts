import { type Decider, type DomainEvent, DomainError, fold } from './decider';

type CounterEvent = DomainEvent<'Incremented', { by: number }>;
const counter: Decider<{ by: number }, CounterEvent, number> = {
  initialState: () => 0,
  decide: (command) => {
    if (command.by <= 0) throw new DomainError('must_increase', 'unprocessable', 'by');
    return [{ type: 'Incremented', data: { by: command.by } }];
  },
  evolve: (state, event) => state + event.data.by,
};

describe('decider helpers', () => {
  it('folds events from the initial state in order', () => {
    expect(fold(counter, [])).toBe(0);
    expect(fold(counter, [{ type: 'Incremented', data: { by: 2 } }, { type: 'Incremented', data: { by: 3 } }])).toBe(5);
  });

  it('carries code, kind and field on a domain error, conflict by default', () => {
    const error = new DomainError('referral_already_decided');
    expect(error).toMatchObject({ code: 'referral_already_decided', kind: 'conflict', field: undefined });
    expect(() => counter.decide({ by: 0 }, 0)).toThrow(expect.objectContaining({ code: 'must_increase', kind: 'unprocessable', field: 'by' }) as unknown as Error);
    expect(new DomainError('x', 'unprocessable', 'by').message).toBe('x (by)');
  });
});
