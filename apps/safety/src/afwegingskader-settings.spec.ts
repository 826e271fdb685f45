import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_AFWEGINGSKADER } from './domain/afwegingskader';
import { loadAfwegingskader, SafetySettings } from './safety.settings';

const SHIPPED = path.join(__dirname, '../../../infra/safety/afwegingskader.json');
const directory = mkdtempSync(path.join(tmpdir(), 'afwegingskader-'));
const fileWith = (content: unknown): string => {
  const file = path.join(directory, `a-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};

describe('safety settings: the afwegingskader', () => {
  it('ships the afwegingskader as infra/safety/afwegingskader.json, equal to the built-in default', () => {
    expect(loadAfwegingskader({})).toBe(DEFAULT_AFWEGINGSKADER);
    expect(JSON.parse(readFileSync(SHIPPED, 'utf8'))).toEqual(DEFAULT_AFWEGINGSKADER);
    expect(loadAfwegingskader({ SAFETY_AFWEGINGSKADER_FILE: SHIPPED })).toEqual(DEFAULT_AFWEGINGSKADER);
  });

  it.each([
    ['not JSON', '{', /SAFETY_AFWEGINGSKADER_FILE must name a readable JSON file/],
    ['no questions', { version: 'x', questions: [] }, /questions must list 1 to 20/],
    ['a code twice', { version: 'x', questions: [{ code: 'a', text: 'A?' }, { code: 'a', text: 'B?' }] }, /questions\.1\.code is listed twice/],
  ])('a wrong file stops the start naming the entry at fault: %s', (_name, content, message) => {
    expect(() => SafetySettings.load({ SAFETY_AFWEGINGSKADER_FILE: fileWith(content) })).toThrow(message);
  });
});
