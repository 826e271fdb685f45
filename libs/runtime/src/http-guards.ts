import type { NextFunction, Request, Response } from 'express';
import { v7 as uuidv7 } from 'uuid';

const CORRELATION_ID = /^[A-Za-z0-9-]{8,64}$/;

/** Reuses a well-formed x-correlation-id from the caller (or makes one) and echoes it. */
export function correlationId(request: Request, response: Response, next: NextFunction): void {
  const given = request.headers['x-correlation-id'];
  const id = typeof given === 'string' && CORRELATION_ID.test(given) ? given : uuidv7();
  request.headers['x-correlation-id'] = id;
  response.setHeader('x-correlation-id', id);
  next();
}

/**
 * Overload answers 503 at once instead of queueing without bound: at most `max` requests in flight.
 * Health probes are exempt so that Kubernetes sees the process alive while it sheds load.
 */
export function inFlightLimiter(max: number) {
  let inFlight = 0;
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.path.startsWith('/health/')) return next();
    if (inFlight >= max) {
      response.setHeader('Retry-After', '1');
      response.status(503).json({ statusCode: 503, error: 'Service Unavailable', code: 'overloaded', message: 'too many requests in flight; retry shortly' });
      return;
    }
    inFlight += 1;
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        inFlight -= 1;
      }
    };
    response.on('finish', release);
    response.on('close', release);
    next();
  };
}
