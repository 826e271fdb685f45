import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';

/** A request over NATS failed validation; `field` names the first field at fault, no value is echoed. */
export class InvalidMessage extends Error {
  readonly code = 'invalid_input';
  readonly httpStatus = 422;
  constructor(readonly field: string) {
    super(`invalid input: ${field}`);
    this.name = 'InvalidMessage';
  }
}

function firstField(errors: ValidationError[], prefix = ''): string {
  const [error] = errors;
  const field = prefix ? `${prefix}.${error.property}` : error.property;
  return error.children?.length && !error.constraints ? firstField(error.children, field) : field;
}

/** The same validation for NATS requests as the HTTP edge's ValidationPipe: same DTOs, same rules. */
export async function validateMessage<T extends object>(dto: Type<T>, payload: unknown): Promise<T> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new InvalidMessage('payload');
  const instance = plainToInstance(dto, payload);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new InvalidMessage(firstField(errors));
  return instance;
}
