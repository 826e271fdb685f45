import { Test } from '@nestjs/testing';
import { CommandBus, CqrsModule, QueryBus } from '@nestjs/cqrs';
import { Clock, type Decider, DomainError, type DomainEvent, streamOf, UuidV7Generator, IdGenerator } from '@wijkteam/contracts';
import { EVENT_STORE, type EventStore, SqliteEventStore, WrongExpectedVersion } from '@wijkteam/event-store';
import { type CommandContext, CommandRunner, deciderCommands } from './command-runner';

type TallyCommand = { type: 'Count'; data: { by: number } };
type TallyEvent = DomainEvent<'Counted', { by: number }>;
type TallyState = { total: number };
const tally: Decider<TallyCommand, TallyEvent, TallyState> = {
  initialState: () => ({ total: 0 }),
  evolve: (state, event) => ({ total: state.total + event.data.by }),
  decide: (command) => {
    if (command.data.by <= 0) throw new DomainError('must_count_up', 'unprocessable', 'by');
    return [{ type: 'Counted', data: { by: command.data.by } }];
  },
};
const tallyStream = streamOf('reporting', 'tally');
const context: CommandContext = { actor: { userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord' }, correlationId: 'corr-tally' };
const count = (by: number): TallyCommand => ({ type: 'Count', data: { by } });

const Tallies = deciderCommands('Tally', { decider: tally, stream: tallyStream });
const STEP = 'STEP';
const seen: number[] = [];
const ScaledTallies = deciderCommands('ScaledTally', {
  inject: [STEP],
  useFactory: (step: number) => ({
    decider: { ...tally, decide: (command: TallyCommand, state: TallyState) => tally.decide({ ...command, data: { by: command.data.by * step } }, state) },
    stream: streamOf('reporting', 'scaledTally'),
    appended: (_id: string, result: { state: TallyState }) => seen.push(result.state.total),
  }),
});

describe('one generic command handler per decider, on the CommandBus', () => {
  let commands: CommandBus;
  let queries: QueryBus;
  let store: EventStore;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: EVENT_STORE, useFactory: () => SqliteEventStore.open(':memory:') },
        { provide: Clock, useValue: { now: () => new Date('2026-12-02T10:00:00.000Z') } },
        { provide: IdGenerator, useClass: UuidV7Generator },
        { provide: STEP, useValue: 10 },
        CommandRunner,
        ...Tallies.handlers,
        ...ScaledTallies.handlers,
      ],
    }).compile();
    await moduleRef.init();
    commands = moduleRef.get(CommandBus);
    queries = moduleRef.get(QueryBus);
    store = moduleRef.get(EVENT_STORE);
  });

  it('loads, decides and appends on the decider\'s stream, and answers with the typed result', async () => {
    const id = crypto.randomUUID();
    const first = await commands.execute(new Tallies.Command(id, count(2), context));
    const second = await commands.execute(new Tallies.Command(id, count(3), context, { ifMatch: first.revision }));
    expect(second).toEqual({ state: { total: 5 }, revision: 1n, events: [{ type: 'Counted', data: { by: 3 } }] });
    const read = await queries.execute(new Tallies.Query(id));
    expect(read).toEqual({ state: { total: 5 }, revision: 1n });
    const stored = [];
    for await (const event of store.readStream(tallyStream(id))) stored.push(event);
    expect(stored.map((event) => [event.streamName, event.metadata.actor.userId, event.metadata.correlationId])).toEqual([
      [`reporting.tally-${id}`, 'coach-noord-1', 'corr-tally'],
      [`reporting.tally-${id}`, 'coach-noord-1', 'corr-tally'],
    ]);
  });

  it('refuses a stale If-Match, a rejected command and a missing stream, appending nothing', async () => {
    const id = crypto.randomUUID();
    await commands.execute(new Tallies.Command(id, count(1), context));
    await expect(commands.execute(new Tallies.Command(id, count(1), context, { ifMatch: 7n }))).rejects.toBeInstanceOf(WrongExpectedVersion);
    await expect(commands.execute(new Tallies.Command(id, count(0), context))).rejects.toMatchObject({ code: 'must_count_up', field: 'by' });
    await expect(commands.execute(new Tallies.Command(crypto.randomUUID(), count(1), context, { mustExist: true }))).rejects.toMatchObject({ code: 'not_found' });
    await expect(queries.execute(new Tallies.Query(crypto.randomUUID()))).rejects.toMatchObject({ code: 'not_found' });
    expect((await queries.execute(new Tallies.Query(id))).revision).toBe(0n);
  });

  it('reads a stream as it stands: the initial state without a revision before anything was recorded, appending nothing', async () => {
    const id = crypto.randomUUID();
    expect(await queries.execute(new Tallies.Current(id))).toEqual({ state: { total: 0 }, revision: undefined });
    const before = [];
    for await (const event of store.readStream(tallyStream(id))) before.push(event);
    expect(before).toEqual([]);
    await commands.execute(new Tallies.Command(id, count(4), context));
    expect(await queries.execute(new Tallies.Current(id))).toEqual({ state: { total: 4 }, revision: 0n });
  });

  it('builds a decider from injected providers and calls its hook after an append', async () => {
    const id = crypto.randomUUID();
    const result = await commands.execute(new ScaledTallies.Command(id, count(2), context));
    expect(result.state).toEqual({ total: 20 });
    expect(seen).toEqual([20]);
  });

  it("with expectedRevision 'any' decides on the initial state and does not serialise on the stream", async () => {
    const id = crypto.randomUUID();
    await commands.execute(new Tallies.Command(id, count(4), context));
    const unconditional = await commands.execute(new Tallies.Command(id, count(1), context, { expectedRevision: 'any' }));
    expect(unconditional.state).toEqual({ total: 1 });
    expect((await queries.execute(new Tallies.Query(id))).state).toEqual({ total: 5 });
  });
});

describe('a decision that loses the race for its stream', () => {
  const capped: Decider<TallyCommand, TallyEvent, TallyState> = {
    ...tally,
    decide: (command, state) => {
      if (state.total + command.data.by > 10) throw new DomainError('over_the_cap', 'conflict', 'by');
      return tally.decide(command, state);
    },
  };
  const clock = { now: () => new Date('2026-12-02T10:00:00.000Z') } as Clock;
  let store: EventStore;
  /** Another writer's append lands between each of the runner's reads and its append, this many times. */
  let races = 0;

  const racing = (inner: EventStore): EventStore =>
    new Proxy(inner, {
      get(target, property, receiver) {
        if (property !== 'appendToStream') return Reflect.get(target, property, receiver);
        const append: EventStore['appendToStream'] = async (stream, events, options) => {
          if (races > 0) {
            races -= 1;
            await target.appendToStream(stream, [{ id: crypto.randomUUID(), type: 'Counted', data: { by: 9 }, metadata: { occurredAt: clock.now().toISOString(), actor: context.actor, correlationId: 'the-other-writer', schemaVersion: 1 } }], { expectedRevision: 'any' });
          }
          return target.appendToStream(stream, events, options);
        };
        return append;
      },
    });

  beforeEach(() => {
    store = SqliteEventStore.open(':memory:');
    races = 0;
  });

  const runner = () => new CommandRunner(racing(store), clock, new UuidV7Generator());
  const counted = async (id: string) => {
    const events = [];
    for await (const event of store.readStream(tallyStream(id))) events.push(event.data.by);
    return events;
  };

  it('without If-Match is decided again on the newer state, and both writes land', async () => {
    const id = crypto.randomUUID();
    await runner().run(tally, tallyStream(id), count(1), context);
    races = 1;
    const result = await runner().run(tally, tallyStream(id), count(2), context);
    expect(result.state).toEqual({ total: 12 });
    expect(await counted(id)).toEqual([1, 9, 2]);
  });

  it('decided again, may be refused by what the other writer changed: nothing of it is appended', async () => {
    const id = crypto.randomUUID();
    await runner().run(capped, tallyStream(id), count(1), context);
    races = 1;
    await expect(runner().run(capped, tallyStream(id), count(2), context)).rejects.toMatchObject({ code: 'over_the_cap' });
    expect(await counted(id)).toEqual([1, 9]);
  });

  it('with If-Match is the caller\'s conflict: refused, never decided again', async () => {
    const id = crypto.randomUUID();
    const first = await runner().run(tally, tallyStream(id), count(1), context);
    races = 1;
    await expect(runner().run(tally, tallyStream(id), count(2), context, { ifMatch: first.revision })).rejects.toBeInstanceOf(WrongExpectedVersion);
    expect(await counted(id)).toEqual([1, 9]);
  });

  it('gives up with the conflict when the stream stays contended', async () => {
    const id = crypto.randomUUID();
    await runner().run(tally, tallyStream(id), count(1), context);
    races = 100;
    await expect(runner().run(tally, tallyStream(id), count(2), context)).rejects.toBeInstanceOf(WrongExpectedVersion);
    expect((await counted(id)).filter((by) => by === 2)).toEqual([]);
    expect(100 - races).toBe(5);
  });
});
