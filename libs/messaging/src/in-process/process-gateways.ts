import type { Gateway } from '../events/gateway';

/**
 * The gateways of the services hosted in this process. In the embedded default one store holds
 * every service's events and each handler group must translate an event with its publisher's
 * gateway, as that publisher's relay would; each MessagingModule registers its own service's.
 */
export class ProcessGateways {
  static readonly shared = new ProcessGateways();
  private readonly gateways = new Map<string, Gateway>();

  register(gateway: Gateway): void {
    this.gateways.set(gateway.service, gateway);
  }

  all(): Gateway[] {
    return [...this.gateways.values()];
  }
}
