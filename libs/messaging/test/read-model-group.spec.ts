import { join } from 'node:path';
import type { MessageHandler } from '@nestjs/microservices';
import type { SqliteEventStore } from '@wijkteam/event-store';
import { type EventBinding, type MessageContext, openSqlite, SqliteCheckpointStore, type SqliteDatabase } from '../src';
import { HandlerGroup } from '../src/in-process/handler-group';
import { allGateways, appendMany, openStore, TestConsentGranted, tempDir, waitFor } from './support/fixtures';

/**
 * The in-process handler group of a read model (EventBinding.readModel) hands a whole read batch to
 * its handler before any of it has committed, in store order, so ProjectionHost can commit it as one
 * group; the checkpoint passes the batch only once every event of it is done. Any other group hands
 * over one event at a time.
 */
describe('in-process handler group of a read model', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let db: SqliteDatabase;
  let group: HandlerGroup | undefined;
  /** Settles what is held and everything dispatched after: the group can stop. */
  let releaseAll = () => undefined as void;

  beforeEach(() => {
    dir = tempDir();
    store = openStore(dir.path);
    db = openSqlite(join(dir.path, 'events.db'));
  });

  afterEach(async () => {
    releaseAll();
    await group?.stop();
    await store.close();
    db.close();
    dir.remove();
  });

  function start(readModel: boolean) {
    const dispatched: string[] = [];
    const pending: (() => void)[] = [];
    let released = false;
    releaseAll = () => {
      released = true;
      pending.splice(0).forEach((settle) => settle());
    };
    const binding: EventBinding = {
      pattern: TestConsentGranted.channel,
      consumer: 'reporting__consent_ConsentGranted__spec_v1',
      handler: (() => undefined) as unknown as MessageHandler,
      definitions: new Map([[TestConsentGranted.type, TestConsentGranted]]),
      readModel,
    };
    const checkpoints = new SqliteCheckpointStore(db);
    group = new HandlerGroup({
      binding,
      store,
      gateways: () => allGateways,
      checkpoints,
      retry: { maxDeliver: 3, backoffMs: [10] },
      deadLetters: { deadLetter: async () => undefined },
      batchSize: 50,
      dispatch: (_binding, ctx: MessageContext) => {
        dispatched.push(ctx.getEvent().id);
        return released ? Promise.resolve() : new Promise<void>((resolve) => pending.push(resolve));
      },
      logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
    });
    group.start();
    const saved = () => checkpoints.load(`consumer:${binding.consumer}`);
    return { dispatched, pending, saved };
  }

  it('given a read model, when a batch is read, then every event of it is dispatched in store order before any has settled, and the checkpoint waits for all', async () => {
    const ids = await appendMany(store, 30);
    const { dispatched, pending, saved } = start(true);
    await waitFor(() => dispatched.length === 30, 10_000, 'the whole batch dispatched');
    expect(dispatched).toEqual(ids);
    expect(await saved()).toBeUndefined();

    for (const settle of pending.splice(0, 29)) settle();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await saved()).toBeUndefined();
    pending.splice(0).forEach((settle) => settle());
    const head = await store.headPosition();
    await waitFor(async () => (await saved()) === head, 10_000, 'checkpoint past the batch');
  });

  it('given any other handler group, when a batch is read, then the next event is dispatched only once the one before has settled', async () => {
    const ids = await appendMany(store, 3);
    const { dispatched, pending } = start(false);
    await waitFor(() => dispatched.length === 1, 10_000, 'first dispatch');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(dispatched).toEqual(ids.slice(0, 1));
    pending.shift()?.();
    await waitFor(() => dispatched.length === 2, 10_000, 'second dispatch');
  });
});
