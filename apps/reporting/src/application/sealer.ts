import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Clock, IdGenerator } from '@wijkteam/contracts';
import type { EventStore } from '@wijkteam/event-store';
import { RAW_EVENT_STORE } from '@wijkteam/runtime';
import { ReportingSettings } from '../reporting.settings';
import { SealWriter } from './seal-writer';

/**
 * Seals the store as it is at rest (RAW_EVENT_STORE: personal fields sealed by the codec), so the
 * seals hold after an erasure shreds a key: the stored bytes do not change, only what they decode to.
 * Each seal's hashes go to the log: a copy outside the store to compare the newest seal with.
 */
@Injectable()
export class Sealer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sealer');
  private readonly writer: SealWriter;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<unknown> = Promise.resolve();

  constructor(@Inject(RAW_EVENT_STORE) store: EventStore, @Inject(ReportingSettings.token) private readonly settings: ReportingSettings, clock: Clock, ids: IdGenerator) {
    this.writer = new SealWriter(store, settings.REPORTING_SEAL_EVERY, clock, ids, (seal) =>
      this.logger.log({ sequence: seal.sequence, toPosition: seal.toPosition, chainHash: seal.chainHash }, 'seal appended'),
    );
  }

  onApplicationBootstrap(): void {
    let running = false;
    const tick = () => {
      if (running) return;
      running = true;
      this.round = this.writer
        .sealAvailable('idle')
        .catch(() => this.logger.warn('sealing round failed; the next round starts from the newest seal'))
        .finally(() => (running = false));
    };
    this.timer = setInterval(tick, this.settings.REPORTING_SEAL_IDLE_MS);
    this.timer.unref();
    tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.round;
  }
}
