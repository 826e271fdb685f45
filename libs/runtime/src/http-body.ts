import type { IncomingMessage } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';

/** The largest request body read (after decompression): a referral with a family of twelve is a few KB. */
export const MAX_BODY_BYTES = 256 * 1024;
/** The deepest nesting of objects and arrays a body may have: the deepest command is a handful of levels. */
export const MAX_JSON_DEPTH = 32;

/** A body-parser error (http-errors): `type` says what was wrong where body-parser knows, `status` the 4xx. */
interface BodyError extends Error {
  type?: string;
  status?: number;
  expose?: boolean;
}

/** What each body problem is answered with; the message names the rule, never the content. */
const BODY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.too.large': { status: 413, code: 'payload_too_large', message: `the body is larger than ${MAX_BODY_BYTES} bytes` },
  'entity.too.deep': { status: 400, code: 'json_too_deep', message: `the body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels` },
  'entity.parse.failed': { status: 400, code: 'malformed_json', message: 'the body is not valid JSON' },
  'charset.unsupported': { status: 415, code: 'unsupported_charset', message: 'the body must be UTF-8 (Content-Type charset)' },
  'encoding.unsupported': { status: 415, code: 'unsupported_content_encoding', message: 'Content-Encoding must be identity, gzip, deflate or br' },
};
const UNREADABLE = { status: 400, code: 'unreadable_body', message: 'the body could not be read as declared by its headers' };

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 413: 'Payload Too Large', 415: 'Unsupported Media Type' };

/**
 * Counts the nesting of the raw JSON text (outside strings) before it is parsed, so a body of a few
 * KB nested thousands deep is refused instead of overflowing the stack of whatever walks it later.
 */
function refuseDeepJson(_request: IncomingMessage, _response: unknown, buffer: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buffer.length; i++) {
    const byte = buffer[i];
    if (inString) {
      if (byte === 0x5c) i++; // backslash: skip the escaped byte
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) throw Object.assign(new Error('JSON nested too deep'), { type: 'entity.too.deep', status: 400 });
    } else if (byte === 0x7d || byte === 0x5d) depth--;
  }
}

/** JSON bodies only, UTF-8, at most MAX_BODY_BYTES after decompression and MAX_JSON_DEPTH deep; Nest's own parser then stands aside. */
export function jsonBodies() {
  return express.json({ limit: MAX_BODY_BYTES, strict: true, type: ['application/json', 'application/*+json'], verify: refuseDeepJson });
}

/**
 * The body's problems as clear 4xx answers (413, 415, 400) before they reach Nest, which would
 * answer 500 or quote the body back. A client that went away (or was cut by the request timeout)
 * while sending its body gets no answer and is no failure: `abortedRequestLog` logs it by its code.
 */
export function bodyErrors(error: unknown, request: Request, response: Response, next: NextFunction): void {
  if (request.destroyed && !request.complete) return; // gone before the body was in
  if (!(error instanceof Error)) return next(error);
  const { type, status, expose } = error as BodyError;
  // Only the body parsers run before this handler; a 4xx of theirs without a known type (a gzip body that does not inflate) is unreadable.
  const known = (type !== undefined ? BODY_ERRORS[type] : undefined) ?? (expose === true && status !== undefined && status >= 400 && status < 500 ? UNREADABLE : undefined);
  if (!known) return next(error);
  if (response.headersSent) return;
  response.status(known.status).json({ statusCode: known.status, error: STATUS_TEXT[known.status], code: known.code, message: known.message });
}
