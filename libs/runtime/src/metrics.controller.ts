import { Controller, type FactoryProvider, Get, Header } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@wijkteam/auth';
import { hostedMessagingMetrics, type MessagingMetrics, registerMessagingMetrics } from '@wijkteam/messaging';
import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The application's metrics registry: process and event-loop figures, and the messaging figures of
 * every service this process hosts (all five in the platform), read at scrape time. One registry per
 * application rather than prom-client's global one, so that applications booted side by side in one
 * process (tests) each report their own services.
 */
export const metricsRegistryProvider: FactoryProvider<Registry> = {
  provide: Registry,
  inject: [DiscoveryService],
  useFactory: (discovery: DiscoveryService) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    let sources: MessagingMetrics[] | undefined;
    // The modules are fixed once the application is up.
    registerMessagingMetrics(registry, () => (sources ??= hostedMessagingMetrics(discovery)));
    return registry;
  },
};

/**
 * GET /metrics in the Prometheus text format: relay lag and totals, and per handler group the
 * pending and unacknowledged counts, per hosted service; and the process metrics.
 */
@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: Registry) {}

  // Public like /health: the municipality's Prometheus scrapes it from inside the cluster, without a
  // token (infra/k8s: pod annotations, network policy; not for the public ingress). It carries
  // counts under service and consumer names, fixed names from the code, never personal data or ids.
  @Public()
  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'Prometheus metrics: messaging, read models, process and event loop' })
  @ApiOkResponse({ description: 'Prometheus text exposition (version 0.0.4) of the messaging, read-model and process figures.' })
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
