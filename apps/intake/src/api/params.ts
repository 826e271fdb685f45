import { BadRequestException, Param, type PipeTransform } from '@nestjs/common';
import { OrganisationCode, UserId } from '@wijkteam/contracts';

type Field = { safeParse(value: unknown): { success: boolean } };

/** A path parameter of one of the contract's field kinds; a malformed one is a 400 naming it (the value is not echoed). */
const fieldParam = (schema: Field, rule: string) => (name: string): ParameterDecorator => {
  const pipe: PipeTransform<string, string> = {
    transform(value) {
      if (!schema.safeParse(value).success) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'invalid_input', message: `${name}: ${rule}`, field: name });
      return value;
    },
  };
  return Param(name, pipe);
};

/** A team, by its organisation code (the `org` claim of its members), e.g. `wijkteam-noord`. */
export const TeamIdParam = fieldParam(OrganisationCode, 'must be a lower-case organisation code');

/** A professional, by their opaque identity-provider subject. */
export const UserIdParam = fieldParam(UserId, 'must be an opaque user id (no e-mail address)');
