import { Controller, type FactoryProvider, Get, Header } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@wijkteam/auth';
import { hostedMessagingMetrics, type MessagingMetrics, registerMessagingMetrics } from '@wijkteam/messaging';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { ReadinessRegistry } from './health';

/**
 * The application's metrics registry: process and event-loop figures, and the messaging figures of
 * every service this process hosts (all five in the platform), read at scrape time. One registry per
 * application rather than prom-client's global one, so that applications booted side by side in one
 * process (tests) each report their own services.
 */
export const metricsRegistryProvider: FactoryProvider<Registry> = {
  provide: Registry,
  inject: [DiscoveryService, ReadinessRegistry],
  useFactory: (discovery: DiscoveryService, readiness: ReadinessRegistry) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    registerHealthMetrics(registry, readiness);
    let sources: MessagingMetrics[] | undefined;
    // The modules are fixed once the application is up.
    registerMessagingMetrics(registry, () => (sources ??= hostedMessagingMetrics(discovery)));
    return registry;
  },
};

/** The dependencies as /health sees them at scrape time: a bus that is down shows here as a degrading dependency at 0. */
function registerHealthMetrics(registry: Registry, readiness: ReadinessRegistry): void {
  new Gauge({
    name: 'wijkteam_dependency_up',
    help: '1 when the dependency answers, 0 when not. gates_readiness="false" (the bus): the service is degraded, commands are still accepted and relayed later.',
    labelNames: ['dependency', 'gates_readiness'],
    registers: [registry],
    async collect() {
      const { checks, gates } = await readiness.evaluate();
      this.reset();
      for (const [dependency, status] of Object.entries(checks)) this.set({ dependency, gates_readiness: String(gates[dependency]) }, status === 'up' ? 1 : 0);
    },
  });
}

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
