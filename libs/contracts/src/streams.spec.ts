import { ownerOf, ownerPrefix, STREAM_OWNERS, streamOf } from './streams';

const id = '0193a5b2-7c1e-7000-8000-00000000f001';

describe('service-owned stream names', () => {
  it('name the owning service and the entity before the first dash, so $by_category files them under both', () => {
    const caseFileStream = streamOf('case-planning', 'caseFile');
    expect(caseFileStream(id)).toBe(`casePlanning.caseFile-${id}`);
    expect(caseFileStream.category).toBe('casePlanning.caseFile');
    expect(caseFileStream(id).slice(0, caseFileStream(id).indexOf('-'))).toBe(caseFileStream.category);
    expect(caseFileStream.prefix).toBe('casePlanning.caseFile-');
    expect(caseFileStream.idOf(caseFileStream(id))).toBe(id);
    expect(caseFileStream.idOf(`casePlanning.caseFileNote-${id}`)).toBeUndefined();
  });

  it('give two services writing the same kind of record two different streams', () => {
    expect(streamOf('intake', 'erasure')(id)).not.toBe(streamOf('consent', 'erasure')(id));
    expect(ownerOf(streamOf('safety', 'accessLog')(id))).toBe('safety');
    expect(ownerOf(streamOf('case-planning', 'erasure')(id))).toBe('case-planning');
    expect(ownerOf(`privacy-${id}`)).toBeUndefined();
    expect(ownerOf(`someone.erasure-${id}`)).toBeUndefined();
    expect(streamOf('consent', 'consent')(id).startsWith(ownerPrefix('consent'))).toBe(true);
  });

  it('keep every owner token free of the category separator', () => {
    for (const token of Object.values(STREAM_OWNERS)) expect(token).toMatch(/^[a-z][A-Za-z]*$/);
    expect(() => streamOf('intake', 'case-file')).toThrow('camelCase');
  });
});
