import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { PublicEvent } from '@wijkteam/contracts';
import type Database from 'better-sqlite3';
import { ConsumeEvents, type MessageContext } from '../../src';
import { TestConsentGranted, TestReferralAccepted, TestReferralReceived } from './fixtures';

/**
 * The test handlers' effect: one row per application, deliberately WITHOUT a unique key, so a
 * duplicate effect shows up as a second row instead of being hidden by the table.
 */
export class EffectLog {
  constructor(readonly db: Database.Database) {
    db.exec('CREATE TABLE IF NOT EXISTS effects (consumer TEXT NOT NULL, event_id TEXT NOT NULL)');
  }

  apply(db: Database.Database, consumer: string, eventId: string): void {
    db.prepare('INSERT INTO effects (consumer, event_id) VALUES (?, ?)').run(consumer, eventId);
  }

  count(consumer?: string): number {
    const row = (consumer
      ? this.db.prepare('SELECT count(*) AS n FROM effects WHERE consumer = ?').get(consumer)
      : this.db.prepare('SELECT count(*) AS n FROM effects').get()) as { n: number | bigint };
    return Number(row.n);
  }

  /** Event ids applied more than once (must stay empty). */
  duplicates(): string[] {
    return (this.db.prepare('SELECT event_id FROM effects GROUP BY consumer, event_id HAVING count(*) > 1').all() as Array<{ event_id: string }>).map(
      (r) => r.event_id,
    );
  }

  eventIds(consumer: string): Set<string> {
    return new Set((this.db.prepare('SELECT event_id FROM effects WHERE consumer = ?').all(consumer) as Array<{ event_id: string }>).map((r) => r.event_id));
  }
}

export const BEHAVIOUR = 'TEST_BEHAVIOUR';

export type TestEvent = PublicEvent<typeof TestConsentGranted | typeof TestReferralReceived | typeof TestReferralAccepted>;

export interface Behaviour {
  /** Called before the effect; throw to fail the attempt. */
  before?: (event: TestEvent, ctx: MessageContext) => void | Promise<void>;
  /** Called after the effect committed, before the handler returns (and so before the ack). */
  after?: (event: TestEvent, ctx: MessageContext) => void | Promise<void>;
  seen?: Array<{ id: string; attempt: number; consumer: string }>;
}

export class PoisonedEvent extends Error {
  readonly code = 'poisoned_event';
  constructor() {
    super('poisoned_event');
    this.name = 'PoisonedEvent';
  }
}

/** Handlers as a service would write them: @ConsumeEvents, effect through ctx.handleOnce. */
@Controller()
export class ConsentProjection {
  constructor(
    @Inject(EffectLog) private readonly effects: EffectLog,
    @Inject(BEHAVIOUR) private readonly behaviour: Behaviour,
  ) {}

  @ConsumeEvents(null, TestConsentGranted)
  async granted(@Payload() event: TestEvent, @Ctx() ctx: MessageContext): Promise<void> {
    await this.handle(event, ctx);
  }

  @ConsumeEvents(null, TestReferralReceived, TestReferralAccepted)
  async intake(@Payload() event: TestEvent, @Ctx() ctx: MessageContext): Promise<void> {
    await this.handle(event, ctx);
  }

  private async handle(event: TestEvent, ctx: MessageContext): Promise<void> {
    this.behaviour.seen?.push({ id: event.id, attempt: ctx.getDeliveryCount(), consumer: ctx.getConsumer() });
    await this.behaviour.before?.(event, ctx);
    ctx.handleOnce((db) => this.effects.apply(db, ctx.getConsumer(), event.id));
    await this.behaviour.after?.(event, ctx);
  }
}
