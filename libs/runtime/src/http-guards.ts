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
