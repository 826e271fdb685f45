import { Controller, Get, HttpStatus, Injectable, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@wijkteam/auth';
import type { Response } from 'express';

export type ReadinessCheck = () => Promise<void>;
export type ProgressReport = () => Record<string, string>;

/** Modules register what the service needs to be ready (event store, bus); /health/ready asks each. */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly reports = new Map<string, ProgressReport>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /**
   * What is still catching up (read models after a first start or a rebuild). Reported, not a
   * check: the service is ready, and only what depends on a read model that is behind answers 503.
   */
  reportProgress(name: string, report: ProgressReport): void {
    this.reports.set(name, report);
  }

  progress(): Record<string, Record<string, string>> {
    return Object.fromEntries([...this.reports.entries()].map(([name, report]) => [name, report()]));
  }

  async evaluate(timeoutMs = 2000): Promise<{ ready: boolean; checks: Record<string, 'up' | 'down'> }> {
    const entries = [...this.checks.entries()];
    const outcomes = await Promise.all(
      entries.map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
        });
        try {
          await Promise.race([check(), timeout]);
          return [name, 'up'] as const;
        } catch {
          return [name, 'down'] as const;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const checks = Object.fromEntries(outcomes);
    return { ready: outcomes.every(([, status]) => status === 'up'), checks };
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process runs' })
  @ApiOkResponse({ description: 'The process runs.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the event store (and the bus, with JetStream) answer' })
  @ApiOkResponse({ description: 'Event store and bus reachable; `progress` lists each read model as `live` or `catching_up`.' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; the body says which.' })
  async ready(@Res({ passthrough: true }) response: Response): Promise<{ status: 'ok' | 'unavailable'; checks: Record<string, string>; progress: Record<string, Record<string, string>> }> {
    const { ready, checks } = await this.readiness.evaluate();
    if (!ready) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ok' : 'unavailable', checks, progress: this.readiness.progress() };
  }
}
