import { BadRequestException, Param, ParseUUIDPipe, type PipeTransform } from '@nestjs/common';

/** An id has one canonical form, lower case: `0193…-ABCD` names the same record as `0193…-abcd`, never a second one. */
const LowerCase: PipeTransform<string, string> = { transform: (value) => value.toLowerCase() };

/** A UUID path parameter, in canonical (lower-case) form; a malformed one is a 400 naming the parameter (the value is not echoed). */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'invalid_input', message: `${name}: must be a UUID`, field: name }),
    }),
    LowerCase,
  );
