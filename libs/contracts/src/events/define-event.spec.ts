import { z } from 'zod/v4';
import { defineEvent, EventDataInvalid, EventVersionNotSupported } from './define-event';
import { CanonicalId, DateTime } from './fields';

const caseFileId = '0193a5b2-7c1e-7000-8000-0000000000c1';

const V1 = defineEvent({
  service: 'case-planning',
  type: 'CaseNoted',
  version: 1,
  description: 'test event',
  subject: (data) => data.caseFileId,
  data: z.strictObject({ caseFileId: CanonicalId, notedAt: DateTime }),
});
const V2 = defineEvent({
  service: 'case-planning',
  type: 'CaseNoted',
  version: 2,
  description: 'test event, with a kind',
  subject: (data) => data.caseFileId,
  data: z.strictObject({ caseFileId: CanonicalId, kind: z.enum(['visit', 'call']), notedAt: DateTime }),
  previous: V1,
  upcast: (previous) => ({ ...previous, kind: 'visit' as const }),
});
const V3 = defineEvent({
  service: 'case-planning',
  type: 'CaseNoted',
  version: 3,
  description: 'test event, kinds as a list',
  subject: (data) => data.caseFileId,
  data: z.strictObject({ caseFileId: CanonicalId, kinds: z.array(z.enum(['visit', 'call'])), notedAt: DateTime }),
  previous: V2,
  upcast: ({ kind, ...rest }) => ({ ...rest, kinds: [kind] }),
});

describe('an event definition', () => {
  it('names its channel, CloudEvents type and schema id after service, type and version', () => {
    expect(V2).toMatchObject({
      channel: 'jeugd.case-planning.CaseNoted',
      name: 'CaseNoted.v2',
      cloudEventType: 'nl.wijkteam.jeugd.case-planning.CaseNoted.v2',
      dataSchema: 'urn:nl:wijkteam:jeugd:schema:case-planning:CaseNoted:v2',
    });
    expect(V1.channel).toBe(V2.channel);
  });

  it('validates data and names the field at fault, never its value', () => {
    expect(V1.parse({ caseFileId, notedAt: '2026-11-23T09:00:00.000Z' })).toEqual({ caseFileId, notedAt: '2026-11-23T09:00:00.000Z' });
    const failure = (() => {
      try {
        V1.parse({ caseFileId: 'Bram Smit', notedAt: '2026-11-23T09:00:00.000Z' });
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(EventDataInvalid);
    expect(failure).toMatchObject({ code: 'event_data_invalid', field: 'caseFileId', version: 1 });
    expect(String((failure as Error).message)).not.toContain('Bram');
    expect(() => V1.parse({ caseFileId, notedAt: '2026-11-23T09:00:00.000Z', name: 'x' })).toThrow(EventDataInvalid);
  });

  it('upcasts older versions through every step, validating each, to the version asked for', () => {
    const v1 = { caseFileId, notedAt: '2026-11-23T09:00:00.000Z' };
    expect(V3.decode(1, v1)).toEqual({ caseFileId, kinds: ['visit'], notedAt: v1.notedAt });
    expect(V3.decode(2, { ...v1, kind: 'call' })).toEqual({ caseFileId, kinds: ['call'], notedAt: v1.notedAt });
    expect(() => V3.decode(1, { ...v1, caseFileId: 'x' })).toThrow(expect.objectContaining({ field: 'caseFileId', version: 1 }) as Error);
  });

  it('refuses a message newer than the version asked for', () => {
    expect(() => V1.decode(2, {})).toThrow(EventVersionNotSupported);
    expect(() => V1.decode(2, {})).toThrow(expect.objectContaining({ code: 'event_version_not_supported' }) as Error);
  });

  it('yields a JSON Schema with the schema id and no extra properties', () => {
    expect(V2.jsonSchema()).toMatchObject({
      $id: V2.dataSchema,
      type: 'object',
      additionalProperties: false,
      required: ['caseFileId', 'kind', 'notedAt'],
      properties: { kind: { enum: ['visit', 'call'] }, caseFileId: { format: 'uuid' }, notedAt: { format: 'date-time' } },
    });
  });

  it('cannot ship a new version without the previous one and an upcaster', () => {
    const input = { service: 'intake', type: 'Odd', version: 2, description: '', subject: () => '', data: z.strictObject({}) } as const;
    expect(() => defineEvent(input as unknown as Parameters<typeof defineEvent>[0])).toThrow('needs the previous definition and an upcaster');
    expect(() => defineEvent({ ...input, previous: V1, upcast: (x: unknown) => x } as unknown as Parameters<typeof defineEvent>[0])).toThrow('previous must be');
  });
});
