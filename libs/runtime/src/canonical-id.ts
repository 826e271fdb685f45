import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsUUID } from 'class-validator';

/**
 * A UUID field of a request body in its one canonical form (lower case): `0193…-ABCD` names the
 * same record as `0193…-abcd`, never a second one (the path parameter's counterpart is `UuidParam`).
 */
export const IsCanonicalId = (): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value)),
    IsUUID(),
  );
