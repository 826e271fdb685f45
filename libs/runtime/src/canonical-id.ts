import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsUUID } from 'class-validator';

/**
 * A UUID field of a request body in its one canonical form (lower case): `0193…-ABCD` names the
 * same record as `0193…-abcd`, never a second one (the path parameter's counterpart is `UuidParam`).
 */
export const IsCanonicalId = (options: { each?: boolean } = {}): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }) => (options.each && Array.isArray(value) ? value.map(lower) : lower(value))),
    IsUUID('all', { each: options.each === true }),
  );

const lower = (value: unknown): unknown => (typeof value === 'string' ? value.toLowerCase() : value);
