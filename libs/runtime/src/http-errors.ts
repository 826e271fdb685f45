import {
  type ArgumentsHost,
  BadRequestException,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  UnprocessableEntityException,
  type ValidationError,
} from '@nestjs/common';
import { DomainError, type DomainErrorKind } from '@wijkteam/contracts';
import {
  DuplicateEventId,
  EventStoreError,
  EventStoreUnavailable,
  InvalidEvent,
  InvalidStreamName,
  WrongExpectedVersion,
} from '@wijkteam/event-store';
import type { Request, Response } from 'express';

export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  field?: string;
  fields?: { field: string; problems: string[] }[];
}

const DOMAIN_STATUS: Record<DomainErrorKind, HttpStatus> = {
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
};

/** Nest's names for the statuses we send, for the `error` field. */
const STATUS_TEXT: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Maps errors to HTTP in one place. Bodies name the field at fault, never echo values. */
export function toErrorBody(error: unknown, request: Pick<Request, 'headers'>): ErrorBody {
  if (error instanceof DomainError) {
    const status = DOMAIN_STATUS[error.kind];
    return body(status, error.code, error.field ? `${error.code}: ${error.field}` : error.code, error.field);
  }
  if (error instanceof WrongExpectedVersion) {
    // With If-Match the client asked for a precondition (412); without, it lost a race (409).
    const status = request.headers['if-match'] ? HttpStatus.PRECONDITION_FAILED : HttpStatus.CONFLICT;
    return body(status, error.code, 'the record was changed by someone else; reload and try again');
  }
  if (error instanceof InvalidStreamName) return body(HttpStatus.BAD_REQUEST, error.code, error.message, 'id');
  if (error instanceof InvalidEvent) return body(HttpStatus.UNPROCESSABLE_ENTITY, error.code, error.message, error.field);
  if (error instanceof DuplicateEventId) return body(HttpStatus.CONFLICT, error.code, 'event id already used');
  if (error instanceof EventStoreUnavailable) return body(HttpStatus.SERVICE_UNAVAILABLE, error.code, 'event store unavailable');
  if (error instanceof EventStoreError) return body(HttpStatus.INTERNAL_SERVER_ERROR, error.code, 'event store error');
  if (hasHttpStatus(error)) return body(error.httpStatus, error.code, error.message, error.field);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    if (typeof response === 'object' && response !== null && 'code' in response) return response as ErrorBody;
    // Nest's router answers an unknown route with its path ("Cannot GET /clients/<a name>"): never echo it.
    if (status === HttpStatus.NOT_FOUND) return body(status, 'not_found', 'no such route');
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? ((response as { message: string[] }).message).join('; ')
          : String((response as { message?: unknown }).message ?? error.message);
    return body(status, snake(STATUS_TEXT[status] ?? 'error'), message);
  }
  return body(HttpStatus.INTERNAL_SERVER_ERROR, 'internal_error', 'internal error');
}

/**
 * Infrastructure errors of other libraries (key store down, a service not answering) carry their own
 * status and code: `{ code: string; httpStatus: number; field?: string }`; their messages must be
 * safe to show (no personal data), as DomainError's are.
 */
export interface HttpMappedError extends Error {
  code: string;
  httpStatus: number;
  field?: string;
}

function hasHttpStatus(error: unknown): error is HttpMappedError {
  if (!(error instanceof Error)) return false;
  const candidate = error as Partial<HttpMappedError>;
  return typeof candidate.code === 'string' && typeof candidate.httpStatus === 'number' && candidate.httpStatus >= 400 && candidate.httpStatus < 600;
}

function body(statusCode: number, code: string, message: string, field?: string): ErrorBody {
  return { statusCode, error: STATUS_TEXT[statusCode] ?? 'Error', code, message, ...(field ? { field } : {}) };
}

function snake(text: string): string {
  return text.toLowerCase().replace(/[^a-z]+/g, '_');
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const errorBody = toErrorBody(error, request);
    if (errorBody.statusCode >= 500) {
      // Only the class and code: messages of foreign errors could carry personal data.
      this.logger.error({ errorType: error instanceof Error ? error.name : typeof error, code: errorBody.code }, 'request failed');
    }
    if (errorBody.statusCode === HttpStatus.SERVICE_UNAVAILABLE) response.setHeader('Retry-After', '5');
    response.status(errorBody.statusCode).json(errorBody);
  }
}

/**
 * ValidationPipe's exceptionFactory: one 422 listing each field at fault with the rule it broke.
 * class-validator's messages name the property and the rule, not the value.
 */
export function validationException(errors: ValidationError[]): HttpException {
  const fields: { field: string; problems: string[] }[] = [];
  const walk = (list: ValidationError[], prefix: string) => {
    for (const error of list) {
      const field = prefix ? `${prefix}.${error.property}` : error.property;
      if (error.constraints) fields.push({ field, problems: Object.values(error.constraints) });
      if (error.children?.length) walk(error.children, field);
    }
  };
  walk(errors, '');
  if (fields.length === 0) return new BadRequestException('invalid input');
  const first = fields[0];
  return new UnprocessableEntityException({
    statusCode: HttpStatus.UNPROCESSABLE_ENTITY,
    error: 'Unprocessable Entity',
    code: 'invalid_input',
    message: `${first.field}: ${first.problems.join(', ')}`,
    field: first.field,
    fields,
  } satisfies ErrorBody);
}
