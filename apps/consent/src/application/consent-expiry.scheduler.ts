import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock, DomainError, IdGenerator } from '@wijkteam/contracts';
import { ProjectionCatchingUp } from '@wijkteam/projections';
import { ConsentSettings } from '../consent.settings';
import { ConsentIndex } from './consent-index';
import { Consents } from './consent.handlers';

const SYSTEM_ACTOR = { userId: 'system-consent-expiry', role: 'system', organisation: 'wijkteam' };

/**
 * Expiry by the clock: a consent whose period has ended gets its ConsentExpired event. Decisions do
 * not wait for it (the clock already ends a consent), the event makes the end auditable. Several
 * replicas may race: the second finds the consent expired already, which is fine.
 */
@Injectable()
export class ConsentExpiryScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ConsentExpiry');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly index: ConsentIndex,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    @Inject(ConsentSettings.token) private readonly settings: ConsentSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runOnce().catch(() => this.logger.warn('consent expiry round failed')), this.settings.CONSENT_EXPIRY_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Expires every consent due at `now`; returns how many were expired in this round. */
  async runOnce(now: Date = this.clock.now()): Promise<number> {
    let expired = 0;
    let due: { clientId: string; consentId: string }[];
    try {
      due = await this.index.dueForExpiry(now.toISOString());
    } catch (error) {
      // A first start or a rebuild: the next round, once the index has caught up, expires them.
      if (error instanceof ProjectionCatchingUp) return 0;
      throw error;
    }
    for (const { clientId, consentId } of due) {
      try {
        await this.commands.execute(
          new Consents.Command(clientId, { type: 'ExpireConsent', data: { consentId, now: now.toISOString() } }, { actor: SYSTEM_ACTOR, correlationId: this.ids.next() }),
        );
        expired += 1;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
    if (expired > 0) this.logger.log({ expired }, 'consents expired');
    return expired;
  }
}
