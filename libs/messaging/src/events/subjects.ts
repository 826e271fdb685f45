/**
 * Subject and consumer naming. Subjects carry only a service and an event type, never an id or
 * anything about a person: subjects end up in server logs, monitoring and partner feeds. An event's
 * subject is its definition's channel, `jeugd.<service>.<Type>` (libs/contracts).
 */
export const SUBJECT_ROOT = 'jeugd';
const TOKEN = /^[A-Za-z0-9_-]+$/;

export class InvalidSubjectToken extends Error {
  readonly code = 'invalid_subject_token';
  constructor(readonly what: string) {
    super(`${what} must be letters, digits, '-' or '_' (one subject token)`);
    this.name = 'InvalidSubjectToken';
  }
}

export function assertSubjectToken(token: string, what: string): void {
  if (!TOKEN.test(token)) throw new InvalidSubjectToken(what);
}

/** `jeugd.dlq.<consumer>`: inside the stream's `jeugd.>`, so dead letters are durable and replayable. */
export function deadLetterSubject(consumer: string): string {
  assertSubjectToken(consumer, 'consumer name');
  return `${SUBJECT_ROOT}.dlq.${consumer}`;
}

/** NATS subject matching: `*` matches one token, a trailing `>` one or more. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const wanted = pattern.split('.');
  const actual = subject.split('.');
  for (let i = 0; i < wanted.length; i += 1) {
    if (wanted[i] === '>') return i === wanted.length - 1 && actual.length > i;
    if (i >= actual.length) return false;
    if (wanted[i] !== '*' && wanted[i] !== actual[i]) return false;
  }
  return wanted.length === actual.length;
}

/** A valid event-handler pattern: `jeugd.` followed by literal tokens or wildcards. */
export function assertEventPattern(pattern: string): void {
  const tokens = pattern.split('.');
  const wildcardMisplaced = tokens.some((t, i) => t === '>' && i !== tokens.length - 1);
  const badToken = tokens.some((t) => t !== '*' && t !== '>' && !TOKEN.test(t));
  if (tokens[0] !== SUBJECT_ROOT || tokens.length < 2 || wildcardMisplaced || badToken) {
    throw new InvalidSubjectToken(`event pattern '${pattern}'`);
  }
}

/**
 * The durable consumer (and handler group) name for one handler pattern of one service, e.g.
 * `reporting__consent_ConsentGranted`. Stable on purpose: it names the JetStream durable, the inbox
 * rows and the in-process checkpoint, so renaming it replays history into the handler.
 */
export function consumerName(service: string, pattern: string, group?: string): string {
  assertSubjectToken(service, 'service name');
  assertEventPattern(pattern);
  if (group !== undefined && !/^[a-z][a-z0-9_]*$/.test(group)) throw new InvalidSubjectToken(`consumer group '${group}'`);
  const tokens = pattern
    .split('.')
    .slice(1)
    .map((t) => (t === '*' ? 'any' : t === '>' ? 'all' : t));
  return `${service}__${tokens.join('_')}${group ? `__${group}` : ''}`;
}
