import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_ETM_LEVELS } from './domain/etm-levels';
import { loadEtmLevels, SafetySettings } from './safety.settings';

const SHIPPED = path.join(__dirname, '../../../infra/safety/etm-levels.json');
const directory = mkdtempSync(path.join(tmpdir(), 'etm-'));
const fileWith = (content: unknown): string => {
  const file = path.join(directory, `etm-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};
const levels = (change: (list: Record<string, unknown>[]) => void = () => undefined) => {
  const list = DEFAULT_ETM_LEVELS.levels.map((level) => ({ ...level }) as Record<string, unknown>);
  change(list);
  return { version: 'etm-test', levels: list };
};

describe('safety settings', () => {
  it('defaults: a safety plan within 5 calendar days of ETM 5, the ETM levels as shipped', () => {
    expect(SafetySettings.load({}).SAFETY_PLAN_DAYS).toBe(5);
    expect(SafetySettings.load({ SAFETY_PLAN_DAYS: '3' }).SAFETY_PLAN_DAYS).toBe(3);
    expect(loadEtmLevels({})).toBe(DEFAULT_ETM_LEVELS);
  });

  it.each(['0', '2.5', 'vijf', '29'])('refuses SAFETY_PLAN_DAYS=%s, naming the setting', (days) => {
    expect(() => SafetySettings.load({ SAFETY_PLAN_DAYS: days })).toThrow(/^Configuration error: SAFETY_PLAN_DAYS/);
  });

  it('ships the ETM levels as infra/safety/etm-levels.json, equal to the built-in default', () => {
    expect(JSON.parse(readFileSync(SHIPPED, 'utf8'))).toEqual(DEFAULT_ETM_LEVELS);
    expect(loadEtmLevels({ SAFETY_ETM_LEVELS_FILE: SHIPPED })).toEqual(DEFAULT_ETM_LEVELS);
  });

  it('a municipality may configure its own wording, with its own version', () => {
    const own = levels((list) => (list[2].description = 'Eigen omschrijving van niveau 3.'));
    expect(loadEtmLevels({ SAFETY_ETM_LEVELS_FILE: fileWith(own) })).toEqual(own);
  });

  it.each([
    ['not JSON', '{', /SAFETY_ETM_LEVELS_FILE must name a readable JSON file/],
    ['a missing file', null, /SAFETY_ETM_LEVELS_FILE must name a readable JSON file/],
    ['four levels', levels((list) => list.pop()), /SAFETY_ETM_LEVELS_FILE levels must list the levels 1 to 5/],
    ['levels out of order', levels((list) => list.reverse()), /SAFETY_ETM_LEVELS_FILE levels\.0\.level must be 1/],
    ['an empty description', levels((list) => (list[4].description = ' ')), /SAFETY_ETM_LEVELS_FILE levels\.4\.description must be a text/],
    ['no version', { levels: DEFAULT_ETM_LEVELS.levels }, /SAFETY_ETM_LEVELS_FILE version must be a short version code/],
  ])('a wrong file stops the start naming the entry at fault: %s', (_name, content, message) => {
    const file = content === null ? path.join(directory, 'missing.json') : fileWith(content);
    expect(() => SafetySettings.load({ SAFETY_ETM_LEVELS_FILE: file })).toThrow(message);
  });
});
