import { BadRequestException, Param, ParseUUIDPipe } from '@nestjs/common';

/** A UUID path parameter; a malformed one is a 400 naming the parameter (the value is not echoed). */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'invalid_input', message: `${name}: must be a UUID`, field: name }),
    }),
  );
