import { type Decider, type DomainEvent, DomainError } from '@wijkteam/contracts';
import { deciderSpec } from './decider-spec';

type Event = DomainEvent<'Opened', { id: string }>;
const door: Decider<{ type: 'Open'; id: string }, Event, { open: boolean }> = {
  initialState: () => ({ open: false }),
  decide: (command, state) => {
    if (state.open) throw new DomainError('already_open', 'conflict', 'id');
    return [{ type: 'Opened', data: { id: command.id } }];
  },
  evolve: () => ({ open: true }),
};
const spec = deciderSpec(door);
const opened: Event = { type: 'Opened', data: { id: 'a' } };

describe('deciderSpec', () => {
  it('passes when the decider emits the expected events', () => {
    spec.given([]).when({ type: 'Open', id: 'a' }).then([opened]);
  });

  it('fails when the decider emits other events', () => {
    expect(() => spec.given([]).when({ type: 'Open', id: 'b' }).then([opened])).toThrow();
  });

  it('folds the given history before deciding, and checks the rejection code and field', () => {
    spec.given([opened]).when({ type: 'Open', id: 'a' }).thenRejects('already_open', 'id');
    expect(() => spec.given([opened]).when({ type: 'Open', id: 'a' }).thenRejects('other_code')).toThrow();
    expect(() => spec.given([opened]).when({ type: 'Open', id: 'a' }).thenRejects('already_open', 'other_field')).toThrow();
  });

  it('fails thenRejects when nothing is rejected', () => {
    expect(() => spec.given([]).when({ type: 'Open', id: 'a' }).thenRejects('already_open')).toThrow();
  });
});
