import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CasePlanningSettings, loadZrmReference } from './case-planning.settings';
import { assertZrmScores, DEFAULT_ZRM_REFERENCE } from './domain/zrm';

const SHIPPED = path.join(__dirname, '../../../infra/case-planning/zrm-domains.json');
const directory = mkdtempSync(path.join(tmpdir(), 'zrm-'));
const fileWith = (content: unknown): string => {
  const file = path.join(directory, `zrm-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};

describe('case-planning settings', () => {
  it('defaults: the 18-/18+ list looks 6 months ahead (seed 004), the ZRM 2017 domains', () => {
    expect(CasePlanningSettings.load({}).CASE_PLANNING_TRANSITION_HORIZON_MONTHS).toBe(6);
    expect(loadZrmReference({})).toBe(DEFAULT_ZRM_REFERENCE);
    expect(() => CasePlanningSettings.load({ CASE_PLANNING_TRANSITION_HORIZON_MONTHS: '0' })).toThrow(/^Configuration error: CASE_PLANNING_TRANSITION_HORIZON_MONTHS/);
  });

  it('ships the ZRM domains as infra/case-planning/zrm-domains.json, equal to the built-in default', () => {
    expect(JSON.parse(readFileSync(SHIPPED, 'utf8'))).toEqual(DEFAULT_ZRM_REFERENCE);
    expect(loadZrmReference({ CASE_PLANNING_ZRM_FILE: SHIPPED })).toEqual(DEFAULT_ZRM_REFERENCE);
  });

  it('a municipality may configure its own list, with its own version', () => {
    const file = fileWith({ version: 'zrm-jeugd-1', domains: [{ code: 'opvoeding', label: 'Opvoeding' }, { code: 'school', label: 'School' }] });
    expect(loadZrmReference({ CASE_PLANNING_ZRM_FILE: file })).toEqual({ version: 'zrm-jeugd-1', domains: [{ code: 'opvoeding', label: 'Opvoeding' }, { code: 'school', label: 'School' }] });
  });

  it.each([
    ['not JSON', '{', /CASE_PLANNING_ZRM_FILE must name a readable JSON file/],
    ['no domains', { version: 'x', domains: [] }, /CASE_PLANNING_ZRM_FILE domains must list 1 to 30/],
    ['a code twice', { version: 'x', domains: [{ code: 'a', label: 'A' }, { code: 'a', label: 'B' }] }, /CASE_PLANNING_ZRM_FILE domains\.1\.code is listed twice/],
    ['a code with capitals', { version: 'x', domains: [{ code: 'Financien', label: 'F' }] }, /domains\.0\.code must be a lower-case code/],
  ])('a wrong file stops the start naming the entry at fault: %s', (_name, content, message) => {
    expect(() => CasePlanningSettings.load({ CASE_PLANNING_ZRM_FILE: fileWith(content) })).toThrow(message);
  });
});

describe('ZRM scores', () => {
  const full = Object.fromEntries(DEFAULT_ZRM_REFERENCE.domains.map((domain) => [domain.code, 3]));

  it('accepts every domain scored 1-5', () => {
    expect(() => assertZrmScores(full, DEFAULT_ZRM_REFERENCE, 'zrm')).not.toThrow();
  });

  it.each([
    ['a missing domain', { ...full, justitie: undefined as unknown as number }, 'zrm.justitie', 'zrm_score_missing'],
    ['a score of 6', { ...full, financien: 6 }, 'zrm.financien', 'zrm_score_out_of_range'],
    ['a score of 2.5', { ...full, huisvesting: 2.5 }, 'zrm.huisvesting', 'zrm_score_out_of_range'],
    ['an unknown domain', { ...full, school: 3 }, 'zrm.school', 'unknown_zrm_domain'],
  ])('refuses %s, naming the field', (_name, scores, field, code) => {
    const clean = Object.fromEntries(Object.entries(scores).filter(([, value]) => value !== undefined));
    expect(() => assertZrmScores(clean, DEFAULT_ZRM_REFERENCE, 'zrm')).toThrow(expect.objectContaining({ code, field }));
  });
});
