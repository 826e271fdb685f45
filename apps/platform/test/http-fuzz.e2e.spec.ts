import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_USERS } from '@wijkteam/auth';
import { createEventStore } from '@wijkteam/event-store';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from '@wijkteam/runtime';
import { findPersonalData } from '@wijkteam/testing';
import { freePort, type PlatformProcess, startPlatformProcess } from './support/platform-process';
import { SEALED_TEXTS } from './support/sealed-texts';

/**
 * Issue 17, the fuzz suite: every write operation of the platform's OpenAPI document, on the
 * platform as `npm start` runs it, gets malformed bodies, bodies derived from its schema with one
 * field replaced by personal data or a value of the wrong kind, ids in other than their canonical
 * form, and forged tokens. Whatever it answers: never a 5xx; never the personal data sent, in an
 * answer, a log line or any file the platform wrote in plain text; and nothing appended by a
 * request it refused. FUZZ_REPORT=<file> writes the requests and status codes per route there.
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  minItems?: number;
  minimum?: number;
  default?: unknown;
  pattern?: string;
};
interface Operation {
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: unknown[];
  'x-roles'?: string[];
}
interface Probe {
  label: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** The answer it must get; absent: any 4xx or 2xx (a mutated field may be a legitimate value). */
  status?: number;
  /** Or one of these. */
  among?: number[];
  code?: string;
  route?: string;
  /** Personal text in a field that takes none: refused, wherever the schema-shaped body got past validation. */
  freeText?: boolean;
}
interface Answer {
  status: number;
  text: string;
}

/** Personal data of the kinds the abuse tests put everywhere: a name, a BSN (elfproef), an e-mail address, a phone number. */
const NAME = 'Fuzz Persoon';
const BSN = '123456782';
const EMAIL = 'fuzz.persoon@voorbeeld.nl';
const PHONE = '0612345678';
const PERSONAL = `${NAME} ${BSN} ${EMAIL} ${PHONE}`;
const MARKERS = [NAME, BSN, EMAIL, PHONE];

const METHODS = ['post', 'put', 'patch', 'delete'];

describe('fuzz over every write route of the OpenAPI document (issue 17)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-fuzz-'));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  let platform: PlatformProcess;
  let port: number;
  let document: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
  const tokens = new Map<string, string>();
  /** Correlation ids of the requests refused, and what each answered, per route. */
  const refused = new Set<string>();
  const statuses = new Map<string, Map<number, number>>();
  const failures: string[] = [];

  const send = (method: string, route: string, headers: Record<string, string>, body?: Buffer) =>
    new Promise<Answer>((resolve, reject) => {
      const sent = http.request({ host: '127.0.0.1', port, path: route, method: method.toUpperCase(), agent, headers: { ...headers, ...(body ? { 'Content-Length': String(body.length) } : {}) } }, (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      });
      sent.on('error', reject).end(body);
    });

  beforeAll(async () => {
    port = await freePort();
    platform = startPlatformProcess({
      PORT: String(port),
      AUTH_MODE: 'development',
      DEMO_DATA: 'false',
      LOG_LEVEL: 'debug',
      EVENT_STORE_URL: `sqlite:${path.join(dataDir, 'events.db')}`,
      SUBJECT_KEY_STORE_URL: `sqlite:${path.join(dataDir, 'keys.db')}`,
      MESSAGING_DB_PATH: path.join(dataDir, 'messaging.db'),
    });
    expect(await platform.ready(port)).toBe(true);
    document = JSON.parse((await send('get', '/api/docs-json', {})).text) as typeof document;
    for (const user of DEMO_USERS) {
      const answer = await send('post', '/auth/dev/token', { 'Content-Type': 'application/json' }, Buffer.from(JSON.stringify({ userId: user.userId })));
      tokens.set(user.userId, (JSON.parse(answer.text) as { access_token: string }).access_token);
    }
  }, 90_000);

  afterAll(async () => {
    agent.destroy();
    await platform?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const resolve = (schema: Schema | undefined): Schema => {
    if (!schema) return {};
    if (schema.$ref) return resolve(document.components.schemas[schema.$ref.split('/').pop() as string]);
    if (schema.allOf) {
      const parts = schema.allOf.map(resolve);
      return { type: 'object', properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})), required: parts.flatMap((part) => part.required ?? []) };
    }
    return schema;
  };

  /** A body of the schema's shape: the first code of each list, fresh ids, plausible dates and numbers. */
  const sample = (given: Schema | undefined, depth = 0): unknown => {
    const schema = resolve(given);
    if (schema.enum) return schema.enum[0];
    if (schema.default !== undefined) return schema.default;
    if (schema.type === 'object' || schema.properties) {
      if (depth > 6) return {};
      const required = Object.entries(schema.properties ?? {}).filter(([name]) => schema.required?.includes(name));
      return Object.fromEntries(required.map(([name, property]) => [name, sample(property, depth + 1)]));
    }
    if (schema.type === 'array') return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items, depth + 1));
    if (schema.type === 'integer' || schema.type === 'number') return schema.minimum ?? 1;
    if (schema.type === 'boolean') return false;
    if (schema.format === 'uuid') return randomUUID();
    if (schema.format === 'date-time') return new Date().toISOString();
    if (schema.format === 'date') return new Date().toISOString().slice(0, 10);
    if (schema.pattern) return [new Date().toISOString().slice(0, 10), randomUUID(), 'coach-noord-1', 'wijkteam-noord', 'jgz', 'x'].find((value) => new RegExp(schema.pattern as string).test(value)) ?? 'x';
    return 'x';
  };

  /** Every property of a body down to `depth`, as a path (arrays by their first item), its schema, and the schema and property it is declared in. */
  const fieldsOf = (given: Schema | undefined, prefix: (string | number)[] = [], depth = 0, owner = ''): [(string | number)[], Schema, string][] => {
    const name = given?.$ref ? (given.$ref.split('/').pop() as string) : owner;
    const schema = resolve(given);
    if (depth > 3) return [];
    if (schema.type === 'array') return fieldsOf(schema.items, [...prefix, 0], depth + 1, name);
    return Object.entries(schema.properties ?? {}).flatMap(([property, child]) => [
      [[...prefix, property], resolve(child), `${name}.${property}`] as [(string | number)[], Schema, string],
      ...fieldsOf(child, [...prefix, property], depth + 1, name),
    ]);
  };

  /** The body with the field at `at` set, or undefined where the body has no parent for it (an optional object left out). */
  const withField = (body: unknown, at: (string | number)[], value: unknown): unknown => {
    const copy = structuredClone(body) as Record<string | number, unknown>;
    let node = copy;
    for (const step of at.slice(0, -1)) {
      if (typeof node[step] !== 'object' || node[step] === null) return undefined;
      node = node[step] as Record<string | number, unknown>;
    }
    node[at[at.length - 1]] = value;
    return copy;
  };

  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  const JSON_TYPE = { 'Content-Type': 'application/json' };

  /** Malformed bodies every write route answers alike: the body is refused before any handler runs. */
  const malformed = (): Probe[] => [
    { label: 'not JSON', headers: JSON_TYPE, body: Buffer.from(`${PERSONAL}, 12-03-2014`), status: 400, code: 'malformed_json' },
    { label: 'truncated JSON', headers: JSON_TYPE, body: Buffer.from(`{"name": "${NAME}", `), status: 400, code: 'malformed_json' },
    { label: 'a JSON string', headers: JSON_TYPE, body: json(PERSONAL), status: 400 },
    { label: 'over the size limit', headers: JSON_TYPE, body: json({ note: `${PERSONAL} `.repeat(Math.ceil(MAX_BODY_BYTES / PERSONAL.length)) }), status: 413, code: 'payload_too_large' },
    { label: 'charset latin1', headers: { 'Content-Type': 'application/json; charset=latin1' }, body: json({ note: PERSONAL }), status: 415, code: 'unsupported_charset' },
    { label: 'unknown Content-Encoding', headers: { ...JSON_TYPE, 'Content-Encoding': 'compress' }, body: json({ note: PERSONAL }), status: 415, code: 'unsupported_content_encoding' },
    { label: 'gzip on a plain body', headers: { ...JSON_TYPE, 'Content-Encoding': 'gzip' }, body: json({ note: PERSONAL }), status: 400, code: 'unreadable_body' },
    { label: 'arrays 2,400 deep', headers: JSON_TYPE, body: Buffer.from(`${'['.repeat(2400)}"${NAME}"${']'.repeat(2400)}`), status: 400, code: 'json_too_deep' },
    { label: `objects ${MAX_JSON_DEPTH + 1} deep`, headers: JSON_TYPE, body: Buffer.from(`${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}"${NAME}"${'}'.repeat(MAX_JSON_DEPTH + 1)}`), status: 400, code: 'json_too_deep' },
    { label: 'a prototype key', headers: JSON_TYPE, body: Buffer.from(`{"__proto__": {"isAdmin": true, "name": "${NAME}"}, "constructor": {"prototype": {"x": 1}}}`) },
    { label: 'JSON as text/plain', headers: { 'Content-Type': 'text/plain' }, body: json({ note: PERSONAL }) },
    { label: 'an array', headers: JSON_TYPE, body: json([PERSONAL]) },
  ];

  /** The schema's body with one field made personal data, or of the wrong kind, or an id not in its canonical form. */
  const mutations = (requestSchema: Schema | undefined): Probe[] => {
    if (!requestSchema) return [];
    const base = sample(requestSchema);
    const probes: Probe[] = [{ label: 'the schema-shaped body', headers: JSON_TYPE, body: json(base) }, { label: 'an unknown field', headers: JSON_TYPE, body: json({ ...(base as object), fuzz: PERSONAL }) }];
    for (const [at, schema, declared] of fieldsOf(requestSchema)) {
      const name = at.join('.');
      const values: [string, unknown][] = [
        ['personal text', PERSONAL],
        ['a number', 123456782],
        ['an object', { name: NAME }],
        ['a list', [PERSONAL]],
        ['null', null],
        ['a long text', `${PERSONAL} `.repeat(400)],
      ];
      if (schema.format === 'uuid') values.push(['an upper-case id', randomUUID().toUpperCase()], ['an id with braces', `{${randomUUID()}}`]);
      if (schema.type === 'array') values.push(['an empty list', []]);
      for (const [kind, value] of values) {
        const body = withField(base, at, value);
        if (body !== undefined) probes.push({ label: `${name} as ${kind}`, headers: JSON_TYPE, body: json(body), freeText: kind === 'personal text' && schema.type === 'string' && !(declared in SEALED_TEXTS) });
      }
    }
    return probes;
  };

  const userFor = (operation: Operation): string | undefined => {
    const roles = operation['x-roles'];
    if (!roles) return undefined;
    return DEMO_USERS.find((user) => user.roles.some((role) => roles.includes(role)))?.userId;
  };

  const pathWith = (route: string, operation: Operation, replace?: (name: string) => string) =>
    route.replace(/\{(\w+)\}/g, (_all, name: string) => {
      if (replace) return encodeURIComponent(replace(name));
      const schema = operation.parameters?.find((parameter) => parameter.in === 'path' && parameter.name === name)?.schema;
      return encodeURIComponent(String(sample(schema ?? { format: 'uuid' })));
    });

  const writeOperations = () =>
    Object.entries(document.paths).flatMap(([route, item]) => Object.entries(item).filter(([method]) => METHODS.includes(method)).map(([method, operation]) => ({ route, method, operation })));
  const bearerFor = (operation: Operation): Record<string, string> => {
    const userId = userFor(operation);
    return userId ? { Authorization: `Bearer ${tokens.get(userId) as string}` } : {};
  };

  it('answers every probe of every write route with a 2xx or a clear 4xx, echoing nothing it was sent', async () => {
    const writes = writeOperations();
    // The document lists the write routes of all five services and the development issuer.
    expect(writes.length).toBeGreaterThan(40);

    for (const { route, method, operation } of writes) {
      const name = `${method.toUpperCase()} ${route}`;
      const userId = userFor(operation);
      const bearer = bearerFor(operation);
      const uuidParameters = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path' && resolve(parameter.schema).format === 'uuid');
      const requestSchema = operation.requestBody?.content?.['application/json']?.schema;

      const probes: Probe[] = [...malformed(), ...mutations(requestSchema)];
      if (uuidParameters.length > 0) {
        const body = requestSchema ? json(sample(requestSchema)) : undefined;
        // 422 when the body is refused first; never looked up (404) nor served.
        probes.push({ label: 'a name in the path', headers: JSON_TYPE, body, route: pathWith(route, operation, () => NAME), among: [400, 422] });
      }
      if (userId) {
        const body = requestSchema ? json(sample(requestSchema)) : undefined;
        probes.push(
          { label: 'no token', headers: { ...JSON_TYPE, Authorization: '' }, body, status: 401 },
          { label: 'a forged token', headers: { ...JSON_TYPE, Authorization: `Bearer ${forged(tokens.get(userId) as string)}` }, body, status: 401 },
          { label: 'a token of no JWT', headers: { ...JSON_TYPE, Authorization: `Bearer ${Buffer.from(PERSONAL).toString('base64url')}` }, body, status: 401 },
        );
      }

      let shaped: number | undefined;
      const counts = new Map<number, number>();
      statuses.set(name, counts);
      for (const probe of probes) {
        const correlationId = randomUUID();
        const headers: Record<string, string> = { ...bearer, ...probe.headers, 'X-Correlation-Id': correlationId };
        if (headers.Authorization === '') delete headers.Authorization;
        const answer = await send(method, probe.route ?? pathWith(route, operation), headers, probe.body);
        counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1);
        if (answer.status >= 400) refused.add(correlationId);
        if (probe.label === 'the schema-shaped body') shaped = answer.status;
        const wrong: string[] = [];
        if (probe.freeText && shaped !== undefined && shaped !== 422 && shaped !== 400 && answer.status !== 422) wrong.push(`took personal text (${answer.status}; the schema-shaped body ${shaped})`);
        if (answer.status >= 500 || answer.status < 200) wrong.push(`status ${answer.status}`);
        if (probe.status !== undefined && answer.status !== probe.status) wrong.push(`status ${answer.status}, not ${probe.status}`);
        if (probe.among !== undefined && !probe.among.includes(answer.status)) wrong.push(`status ${answer.status}, not one of ${probe.among.join(', ')}`);
        if (probe.code !== undefined && !answer.text.includes(`"code":"${probe.code}"`)) wrong.push(`no code ${probe.code}`);
        const echoed = findPersonalData(answer.text, MARKERS);
        if (echoed.length > 0) wrong.push(`echoed ${echoed.join(', ')}`);
        if (answer.status >= 400 && /[0-9A-F]{8}-[0-9A-F]{4}-/.test(answer.text)) wrong.push('echoed an id');
        if (wrong.length > 0) failures.push(`${name}, ${probe.label}: ${wrong.join('; ')}`);
      }
    }
    if (process.env.FUZZ_REPORT) fs.writeFileSync(process.env.FUZZ_REPORT, JSON.stringify(Object.fromEntries([...statuses].map(([name, counts]) => [name, Object.fromEntries(counts)])), null, 2));
    expect(failures).toEqual([]);
  }, 600_000);

  it('takes an id in the path in upper case as the same id: answers as it answers the lower-case form', async () => {
    const mismatches: string[] = [];
    let pairs = 0;
    for (const { route, method, operation } of writeOperations()) {
      // Codes in a path (a team, a user id) are lower case by definition: an upper-case one is a 400.
      const parameters = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
      if (parameters.length === 0 || parameters.some((parameter) => resolve(parameter.schema).format !== 'uuid')) continue;
      const requestSchema = operation.requestBody?.content?.['application/json']?.schema;
      const body = requestSchema ? json(sample(requestSchema)) : undefined;
      const ids = new Map<string, string>();
      const idOf = (name: string) => ids.get(name) ?? ids.set(name, String(sample(operation.parameters?.find((parameter) => parameter.name === name)?.schema ?? { format: 'uuid' }))).get(name) as string;
      const upper = await send(method, pathWith(route, operation, (name) => idOf(name).toUpperCase()), { ...bearerFor(operation), ...JSON_TYPE }, body);
      const lower = await send(method, pathWith(route, operation, idOf), { ...bearerFor(operation), ...JSON_TYPE }, body);
      pairs += 1;
      if (upper.status >= 300 && upper.status !== lower.status) mismatches.push(`${method.toUpperCase()} ${route}: ${upper.status} in upper case, ${lower.status} in lower case`);
    }
    expect(pairs).toBeGreaterThan(30);
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('appended nothing for a refused request, and wrote no personal data sent in plain text, to the log or any file', async () => {
    expect(refused.size).toBeGreaterThan(1000);
    await platform.stop();
    const store = createEventStore(`sqlite:${path.join(dataDir, 'events.db')}`);
    const appendedByRefused: string[] = [];
    try {
      for await (const event of store.readAll()) if (refused.has(event.metadata.correlationId)) appendedByRefused.push(`${event.type} ${event.metadata.correlationId}`);
    } finally {
      await store.close();
    }
    expect(appendedByRefused).toEqual([]);
    expect(findPersonalData(platform.output(), MARKERS)).toEqual([]);
    for (const file of fs.readdirSync(dataDir)) {
      // Sealed fields are ciphertext: only the values sent are looked for, not BSN-shaped runs of digits in it.
      const content = fs.readFileSync(path.join(dataDir, file)).toString('latin1');
      expect({ file, found: MARKERS.filter((marker) => content.includes(marker)) }).toEqual({ file, found: [] });
    }
  }, 60_000);
});

/** The token with its payload changed (another role), its signature kept: the signature no longer matches. */
function forged(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  return [header, Buffer.from(JSON.stringify({ ...claims, roles: ['auditor', 'privacy-officer'] })).toString('base64url'), signature].join('.');
}
