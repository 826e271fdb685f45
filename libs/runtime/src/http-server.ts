import * as http from 'node:http';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { AppConfig } from './config';

/** The largest request head (request line and headers): a bearer token and the ingress's forwarding headers fit many times over. */
export const MAX_HEADER_BYTES = 16 * 1024;

/**
 * Node's own limits on the server, explicit rather than Node's defaults (five minutes for a whole
 * request): a client that takes longer than HTTP_HEADERS_TIMEOUT_MS for its headers, or
 * HTTP_REQUEST_TIMEOUT_MS for its whole request, gets 408 and its connection closed; a larger head
 * gets 431.
 */
export function httpServerOptions(config: AppConfig): http.ServerOptions {
  return {
    headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    maxHeaderSize: MAX_HEADER_BYTES,
    // Node checks the timeouts every 30 s by default, which would leave a stalled client up to half a minute past them.
    connectionsCheckingInterval: Math.max(100, Math.min(1000, config.HTTP_HEADERS_TIMEOUT_MS / 10)),
  };
}

/** Express as Nest runs it, on a server created with `httpServerOptions` (TLS ends at the ingress). */
class LimitedExpressAdapter extends ExpressAdapter {
  constructor(private readonly serverOptions: http.ServerOptions) {
    super();
  }

  override initHttpServer(): void {
    this.httpServer = http.createServer(this.serverOptions, this.getInstance());
  }
}

/** The HTTP adapter of every service process (`launch`) and of the tests that boot one. */
export function httpAdapter(config: AppConfig): ExpressAdapter {
  return new LimitedExpressAdapter(httpServerOptions(config));
}
