import { Controller, Get, Header } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@wijkteam/auth';
import { hostedMessagingMetrics, type MessagingMetrics, PROMETHEUS_CONTENT_TYPE, renderMessagingMetrics } from '@wijkteam/messaging';

/**
 * GET /metrics in the Prometheus text format: relay lag and totals, and per handler group the
 * pending and unacknowledged counts, for every service this process hosts (all five in the platform).
 */
@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  private sources: MessagingMetrics[] | undefined;

  constructor(private readonly modules: ModulesContainer) {}

  // Public like /health: the municipality's Prometheus scrapes it from inside the cluster, without a
  // token (infra/k8s: pod annotations, network policy; not for the public ingress). It carries
  // counts under service and consumer names, fixed names from the code, never personal data or ids.
  @Public()
  @Get()
  @Header('Content-Type', PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition (version 0.0.4) of the messaging figures.' })
  metrics(): Promise<string> {
    // The modules are fixed once the application is up.
    this.sources ??= hostedMessagingMetrics(this.modules);
    return renderMessagingMetrics(this.sources);
  }
}
