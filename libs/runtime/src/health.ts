import { Controller, Get, HttpStatus, Injectable, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@wijkteam/auth';
import type { Response } from 'express';

export type ReadinessCheck = () => Promise<void>;
export type ProgressReport = () => Record<string, string>;

export interface DependencyOptions {
  /**
   * false: the dependency's failure degrades the service but does not take its API offline. The bus
   * is one: commands are appended while NATS is down and relayed when it is back, so Kubernetes must
   * keep routing to the pod; /health, /health/ready and /metrics say that it is degraded.
   */
  gatesReadiness?: boolean;
}

export type DependencyStatus = 'up' | 'down';

export interface HealthEvaluation {
  /** Every dependency commands need is up. */
  ready: boolean;
  /** A dependency that does not gate readiness is down. */
  degraded: boolean;
  checks: Record<string, DependencyStatus>;
  /** Per dependency: whether it gates readiness. */
  gates: Record<string, boolean>;
}

/**
 * Modules register their dependencies: those commands need (the event store, the key store) gate
 * /health/ready; the others (the bus) are reported as degraded. /health and /health/ready ask each.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, { check: ReadinessCheck; gates: boolean }>();
  private readonly reports = new Map<string, ProgressReport>();

  register(name: string, check: ReadinessCheck, options: DependencyOptions = {}): void {
    this.checks.set(name, { check, gates: options.gatesReadiness ?? true });
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

  async evaluate(timeoutMs = 2000): Promise<HealthEvaluation> {
    const entries = [...this.checks.entries()];
    const outcomes = await Promise.all(
      entries.map(async ([name, { check }]) => {
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
    const checks: Record<string, DependencyStatus> = Object.fromEntries(outcomes);
    const gating = (name: string) => this.checks.get(name)?.gates ?? true;
    return {
      ready: outcomes.every(([name, status]) => status === 'up' || !gating(name)),
      degraded: outcomes.some(([name, status]) => status === 'down' && !gating(name)),
      checks,
      gates: Object.fromEntries(entries.map(([name, { gates }]) => [name, gates])),
    };
  }
}

type HealthBody = { status: 'ok' | 'degraded' | 'unavailable'; checks: Record<string, string>; progress: Record<string, Record<string, string>> };

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Health: every dependency, and whether the service is degraded' })
  @ApiOkResponse({ description: '`ok`, or `degraded` when a dependency commands do not need (the bus) is down; `checks` per dependency, `progress` per read model.' })
  @ApiServiceUnavailableResponse({ description: 'A dependency commands need (event store, key store) is down; the body says which.' })
  health(@Res({ passthrough: true }) response: Response): Promise<HealthBody> {
    return this.answer(response);
  }

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process runs' })
  @ApiOkResponse({ description: 'The process runs.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: what commands need (the event store, the key store) answers' })
  @ApiOkResponse({
    description:
      'Event store and key store reachable: `ok`, or `degraded` when the bus is down (commands are appended and relayed later, so the API stays in service); `progress` lists each read model as `live` or `catching_up`.',
  })
  @ApiServiceUnavailableResponse({ description: 'A dependency commands need is down; the body says which.' })
  ready(@Res({ passthrough: true }) response: Response): Promise<HealthBody> {
    return this.answer(response);
  }

  private async answer(response: Response): Promise<HealthBody> {
    const { ready, degraded, checks } = await this.readiness.evaluate();
    if (!ready) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: !ready ? 'unavailable' : degraded ? 'degraded' : 'ok', checks, progress: this.readiness.progress() };
  }
}
