import type { OpenAPIObject } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { z } from 'zod/v4';

/** class-validator keeps its rules per class; the map is not part of its typed surface. */
const rulesByClass = () => (getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, ValidationMetadata[]> }).validationMetadatas;

/** Most rules are registered as custom validations under their own name (`isUuid`, `matches`, …). */
const nameOf = (rule: ValidationMetadata) => (rule.type === 'customValidation' ? rule.name : rule.type);

/** What a rule says of a string, in JSON Schema's words; what the schema already says stays. */
function describeRule(schema: SchemaObject, rule: ValidationMetadata, rules: readonly ValidationMetadata[]): void {
  switch (nameOf(rule)) {
    case 'isUuid':
      schema.format ??= 'uuid';
      break;
    case 'isDateString': {
      const dateOnly = rules.some((other) => other.propertyName === rule.propertyName && nameOf(other) === 'isLength' && other.constraints[0] === 10 && other.constraints[1] === 10);
      schema.format ??= dateOnly ? 'date' : 'date-time';
      break;
    }
    case 'isIso8601':
      schema.format ??= 'date-time';
      break;
    case 'isField': {
      // A field kind of the contract (libs/contracts fields.ts), a zod schema: its own JSON Schema says it.
      const kind = z.toJSONSchema(rule.constraints[0] as z.ZodType) as { pattern?: string; format?: string };
      if (kind.pattern) schema.pattern ??= kind.pattern;
      if (kind.format) schema.format ??= kind.format;
      break;
    }
    case 'matches':
      if (rule.constraints[0] instanceof RegExp) schema.pattern ??= rule.constraints[0].source;
      break;
    case 'isLength':
      schema.minLength ??= rule.constraints[0] as number;
      if (typeof rule.constraints[1] === 'number') schema.maxLength ??= rule.constraints[1];
      break;
    case 'maxLength':
      schema.maxLength ??= rule.constraints[0] as number;
      break;
    case 'isIn':
      schema.enum ??= rule.constraints[0] as unknown[];
      break;
    case 'isBsn':
      schema.pattern ??= '^\\d{9}$';
      break;
  }
}

/**
 * The body schemas Swagger makes from the DTO classes know the types and the lists of codes; what
 * class-validator enforces beyond that — an id is a UUID, a date is YYYY-MM-DD, a user id matches
 * its pattern, a text has a length — is written in here from the same rules, so a partner reads in
 * the contract what the validation pipe answers 422 to, and the two cannot drift apart.
 */
export function describeConstraints(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  for (const target of rulesByClass().keys()) {
    if (typeof target !== 'function') continue;
    const schema = schemas[target.name];
    if (!schema || '$ref' in schema || !schema.properties) continue;
    const rules = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
    for (const rule of rules) {
      const property = schema.properties[rule.propertyName];
      if (!property || '$ref' in property) continue;
      const described = rule.each && property.type === 'array' && property.items && !('$ref' in property.items) ? property.items : property;
      if (described.type === 'string') describeRule(described, rule, rules);
    }
  }
}
