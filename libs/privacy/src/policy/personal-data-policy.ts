import type { JsonObject, JsonValue } from '@wijkteam/event-store';

/**
 * Which fields of an event type are personal data, and whose. `subject` is the dotted path of the
 * field holding the data subject's id (a UUID, e.g. 'clientId'); it stays readable, being the
 * pseudonym that ties events to a key. `personal` are dotted paths into `data`; the whole value at a
 * path (string, object or array, e.g. the goals of a plan in the client's own words) is encrypted as
 * one unit. Paths through array elements are not supported: encrypt the array instead.
 * Everything not listed (types, dates of decisions, roles, codes, ETM scores, reasons from fixed
 * lists) stays readable so audit and reporting work without keys.
 */
export interface PersonalDataRule {
  subject: string;
  personal: readonly string[];
}

export type PersonalDataPolicy = Readonly<Record<string, PersonalDataRule>>;

/** Checks a policy once at start-up, so a typo stops the process instead of leaking a field. */
export function definePersonalDataPolicy(rules: Record<string, PersonalDataRule>): PersonalDataPolicy {
  for (const [type, rule] of Object.entries(rules)) {
    const problem = problemOf(rule);
    if (problem) throw new Error(`personal data policy for ${type}: ${problem}`);
  }
  return Object.freeze({ ...rules });
}

function problemOf(rule: PersonalDataRule): string | undefined {
  const valid = (path: string) => /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(path);
  if (!valid(rule.subject)) return 'subject must be a dotted path';
  if (rule.personal.length === 0) return 'personal must list at least one path';
  for (const path of rule.personal) {
    if (!valid(path)) return `"${path}" is not a dotted path`;
    if (overlaps(path, rule.subject)) return `"${path}" overlaps the subject field`;
    if (rule.personal.some((other) => other !== path && overlaps(other, path))) return `"${path}" overlaps another path`;
  }
  return undefined;
}

const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

export function valueAt(data: JsonObject, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = data;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = current[part];
  }
  return current;
}

/** A copy of `data` with the value at `path` replaced; only the objects along the path are copied. */
export function withValueAt(data: JsonObject, path: string, value: JsonValue): JsonObject {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) return { ...data, [head]: value };
  const child = data[head];
  const inner = typeof child === 'object' && child !== null && !Array.isArray(child) ? child : {};
  return { ...data, [head]: withValueAt(inner, rest.join('.'), value) };
}
