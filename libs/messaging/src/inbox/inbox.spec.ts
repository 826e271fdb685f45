import Database from 'better-sqlite3';
import { AsyncInboxEffect, Inbox } from './inbox';

describe('Inbox', () => {
  let db: Database.Database;
  let inbox: Inbox;
  const rows = (): number => Number((db.prepare('SELECT count(*) AS n FROM effect').get() as { n: number }).n);
  const effect = (database: Database.Database): void => {
    database.prepare('INSERT INTO effect (x) VALUES (1)').run();
  };

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE effect (x INTEGER)');
    inbox = new Inbox(db);
  });
  afterEach(() => db.close());

  it('applies an event once per consumer: a redelivery changes nothing', () => {
    expect(inbox.handleOnce('reporting__consent_ConsentGranted', 'e1', effect)).toBe(true);
    expect(inbox.handleOnce('reporting__consent_ConsentGranted', 'e1', effect)).toBe(false);
    expect(inbox.handleOnce('case-planning__consent_ConsentGranted', 'e1', effect)).toBe(true);
    expect(rows()).toBe(2);
    expect(inbox.hasProcessed('reporting__consent_ConsentGranted', 'e1')).toBe(true);
  });

  it('records nothing when the effect fails, so the retry applies it', () => {
    expect(() =>
      inbox.handleOnce('c', 'e1', (database) => {
        effect(database);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(rows()).toBe(0);
    expect(inbox.hasProcessed('c', 'e1')).toBe(false);
    expect(inbox.handleOnce('c', 'e1', effect)).toBe(true);
    expect(rows()).toBe(1);
  });

  it('refuses an asynchronous effect: it could not commit with the inbox record', () => {
    expect(() => inbox.handleOnce('c', 'e1', (async () => undefined) as unknown as () => void)).toThrow(AsyncInboxEffect);
    expect(inbox.hasProcessed('c', 'e1')).toBe(false);
  });

  it('forgets records older than the cut-off, and only those', () => {
    inbox.handleOnce('c', 'old', () => undefined);
    inbox.db.prepare("UPDATE inbox SET processed_at = '2020-01-01T00:00:00.000Z' WHERE event_id = 'old'").run();
    inbox.handleOnce('c', 'new', () => undefined);
    expect(inbox.prune(new Date('2021-01-01T00:00:00.000Z'))).toBe(1);
    expect(inbox.hasProcessed('c', 'old')).toBe(false);
    expect(inbox.hasProcessed('c', 'new')).toBe(true);
  });
});
