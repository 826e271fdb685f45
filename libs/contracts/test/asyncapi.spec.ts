import * as fs from 'node:fs';
import * as path from 'node:path';
import { Parser } from '@asyncapi/parser';
import { ASYNCAPI_PATH, asyncApiDocument, asyncApiJson, EVENT_CATALOGUE } from '../src';

const committed = path.join(__dirname, '../../..', ASYNCAPI_PATH);

describe('the AsyncAPI document', () => {
  it('is committed as generated from the catalogue (regenerate with `npm run asyncapi`)', () => {
    expect(fs.existsSync(committed)).toBe(true);
    expect(fs.readFileSync(committed, 'utf8')).toBe(asyncApiJson());
  });

  it('is valid AsyncAPI 3.0 for the official parser, without errors or warnings', async () => {
    const { document, diagnostics } = await new Parser().parse(asyncApiJson());
    expect(diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
  });

  it('has a channel per event type and a message per version, with its schema and CloudEvents headers', async () => {
    const { document } = await new Parser().parse(asyncApiJson());
    const definitions = Object.values(EVENT_CATALOGUE).flat();
    expect(document?.channels().all().map((c) => c.address()).sort()).toEqual([...new Set(definitions.map((d) => d.channel))].sort());
    for (const definition of definitions) {
      const channel = document?.channels().all().find((c) => c.address() === definition.channel);
      const message = channel?.messages().all().find((m) => m.name() === definition.name);
      expect(message?.payload()?.json()).toMatchObject({ $id: definition.dataSchema, additionalProperties: false });
      expect(Object.keys((message?.headers()?.json() as { properties?: object } | undefined)?.properties ?? {})).toEqual(expect.arrayContaining(['ce-id', 'ce-type', 'ce-source', 'ce-dataschema', 'ce-subject', 'ce-time']));
    }
    const sends = document?.operations().all().filter((o) => o.action() === 'send') ?? [];
    expect(sends).toHaveLength(new Set(definitions.map((d) => d.channel)).size);
    expect(asyncApiDocument()).toHaveProperty('asyncapi', '3.0.0');
  });
});
