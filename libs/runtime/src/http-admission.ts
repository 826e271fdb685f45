import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from './config';

/** How often the event loop is asked to run a timer, to see how late it runs. */
const PROBE_MS = 10;

/**
 * How far behind the event loop runs. A request waits in the loop's backlog before any of our code
 * sees it, about as long as a timer due now waits; so the loop is behind when the probe's last two
 * runs were both later than the budget (one late run is a single stall, not overload: requests sent
 * after it wait for nothing), or when the turn now running has kept the probe waiting past it (a
 * burst read in one turn: the requests at its end waited for all those before them).
 */
class LoopDelayProbe {
  private lastRun = performance.now();
  private lastDelay = 0;
  private previousDelay = 0;
  private timer: NodeJS.Timeout;

  constructor(private readonly budgetMs: number) {
    this.timer = this.schedule();
  }

  behind(): boolean {
    const waiting = performance.now() - this.lastRun - PROBE_MS;
    return waiting > this.budgetMs || (this.lastDelay > this.budgetMs && this.previousDelay > this.budgetMs);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private schedule(): NodeJS.Timeout {
    return setTimeout(() => {
      const now = performance.now();
      this.previousDelay = this.lastDelay;
      this.lastDelay = now - this.lastRun - PROBE_MS;
      this.lastRun = now;
      this.timer = this.schedule();
    }, PROBE_MS).unref();
  }
}

/** Health probes are exempt, so that Kubernetes sees the process alive while it sheds load. */
const isProbe = (request: Request) => request.path.startsWith('/health/');

function refuse(response: Response): void {
  response.setHeader('Retry-After', '1');
  response.status(503).json({ statusCode: 503, error: 'Service Unavailable', code: 'overloaded', message: 'too busy to take this request; retry shortly' });
}

/**
 * Overload answers 503 with Retry-After at once instead of queueing without bound. Two middlewares:
 * `onArrival`, first of all, refuses before anything is read or parsed when the event loop is behind
 * its budget (MAX_EVENT_LOOP_DELAY_MS) or MAX_IN_FLIGHT_REQUESTS are being worked on; `onBodyRead`,
 * once the body is in, takes an in-flight slot until the answer is sent or the client is gone. A
 * client still sending its body holds no slot: HTTP_REQUEST_TIMEOUT_MS cuts it.
 */
export class Admission {
  private inFlight = 0;
  /** None with a budget of 0: the in-flight limit alone sheds. */
  private readonly loop: LoopDelayProbe | undefined;

  constructor(private readonly maxInFlight: number, maxEventLoopDelayMs: number) {
    this.loop = maxEventLoopDelayMs > 0 ? new LoopDelayProbe(maxEventLoopDelayMs) : undefined;
  }

  readonly onArrival = (request: Request, response: Response, next: NextFunction): void => {
    if (isProbe(request) || (this.inFlight < this.maxInFlight && !this.loop?.behind())) return next();
    refuse(response);
  };

  readonly onBodyRead = (request: Request, response: Response, next: NextFunction): void => {
    if (isProbe(request)) return next();
    if (this.inFlight >= this.maxInFlight) return refuse(response);
    this.inFlight += 1;
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        this.inFlight -= 1;
      }
    };
    response.on('finish', release);
    response.on('close', release);
    next();
  };

  stop(): void {
    this.loop?.stop();
  }
}

/** The admission of an app's HTTP requests, from its settings; its probe stops with the server. */
export function admission(app: INestApplication, config: AppConfig): Admission {
  const admission = new Admission(config.MAX_IN_FLIGHT_REQUESTS, config.MAX_EVENT_LOOP_DELAY_MS);
  (app.getHttpServer() as Server).once('close', () => admission.stop());
  return admission;
}
