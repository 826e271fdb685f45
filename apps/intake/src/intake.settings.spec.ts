import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_ELIGIBILITY_RULES, DEFAULT_ELIGIBILITY_RULES_FILE } from './domain/eligibility-rules';
import { IntakeSettings, loadEligibilityRules, matchSecretOf } from './intake.settings';

const SHIPPED = path.join(__dirname, '../../../infra/intake/eligibility-rules.json');
const directory = mkdtempSync(path.join(tmpdir(), 'intake-rules-'));
const fileWith = (content: unknown): string => {
  const file = path.join(directory, `rules-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};
const shipped = () => JSON.parse(readFileSync(SHIPPED, 'utf8')) as { version: string; routes: Record<string, unknown[]> };

describe('intake settings', () => {
  it('defaults: seed 000 conference days Monday and Thursday, first visit within 14 days', () => {
    expect(IntakeSettings.load({})).toMatchObject({ INTAKE_CONFERENCE_DAYS: [1, 4], INTAKE_FIRST_VISIT_DAYS: 14 });
    expect(IntakeSettings.load({ INTAKE_CONFERENCE_DAYS: 'tue, fri,tue' }).INTAKE_CONFERENCE_DAYS).toEqual([2, 5]);
    expect(() => IntakeSettings.load({ INTAKE_CONFERENCE_DAYS: 'monday' })).toThrow(/^Configuration error: INTAKE_CONFERENCE_DAYS must list weekdays/);
  });

  it('the match key is required in production, at least 32 bytes', () => {
    expect(() => matchSecretOf(IntakeSettings.load({}), 'production')).toThrow(/INTAKE_MATCH_SECRET is required when NODE_ENV=production/);
    expect(() => IntakeSettings.load({ INTAKE_MATCH_SECRET: Buffer.alloc(16).toString('base64') })).toThrow(/INTAKE_MATCH_SECRET must be base64 of at least 32 bytes/);
    const secret = Buffer.alloc(32, 7);
    expect(matchSecretOf(IntakeSettings.load({ INTAKE_MATCH_SECRET: secret.toString('base64') }), 'production').equals(secret)).toBe(true);
  });
});

describe('the eligibility rules file (INTAKE_RULES_FILE)', () => {
  it('ships as infra/intake/eligibility-rules.json, equal to the built-in default', () => {
    expect(shipped()).toEqual(DEFAULT_ELIGIBILITY_RULES_FILE);
    expect(loadEligibilityRules({ INTAKE_RULES_FILE: SHIPPED })).toEqual(DEFAULT_ELIGIBILITY_RULES);
    expect(loadEligibilityRules({})).toBe(DEFAULT_ELIGIBILITY_RULES);
  });

  it('a changed file is read with its own version', () => {
    const file = fileWith({ ...shipped(), version: '2027-01-01', routes: { ...shipped().routes, self_referral: ['coach_safety'] } });
    const rules = loadEligibilityRules({ INTAKE_RULES_FILE: file });
    expect(rules.version).toBe('2027-01-01');
    expect(rules.routes.self_referral).toEqual([{ condition: 'coach_safety' }]);
  });

  it.each([
    ['an unknown condition', () => ({ ...shipped(), routes: { ...shipped().routes, jgz: ['severity', 'warm_handovr'] } }), /INTAKE_RULES_FILE routes\.jgz\[1\]: must be a condition \(severity, /],
    ['a route left out', () => ({ ...shipped(), routes: { ...shipped().routes, gosa: undefined } }), /INTAKE_RULES_FILE routes\.gosa/],
    ['a route that does not exist', () => ({ ...shipped(), routes: { ...shipped().routes, school: [] } }), /INTAKE_RULES_FILE routes/],
    ['a condition listed twice', () => ({ ...shipped(), routes: { ...shipped().routes, jgz: ['client_consent', 'client_consent'] } }), /INTAKE_RULES_FILE routes\.jgz: lists a condition twice/],
    ['an ETM minimum out of range', () => ({ ...shipped(), routes: { ...shipped().routes, jgz: [{ condition: 'severity', minimumEtm: 7 }] } }), /INTAKE_RULES_FILE routes\.jgz\[0\]/],
    ['no version', () => ({ routes: shipped().routes }), /INTAKE_RULES_FILE version/],
  ])('stops the start on %s, naming the rule at fault', (_case, content, message) => {
    expect(() => loadEligibilityRules({ INTAKE_RULES_FILE: fileWith(content()) })).toThrow(message);
  });

  it('stops the start on a file that is missing or not JSON', () => {
    expect(() => loadEligibilityRules({ INTAKE_RULES_FILE: path.join(directory, 'absent.json') })).toThrow(/^Configuration error: INTAKE_RULES_FILE must name a readable JSON file$/);
    expect(() => loadEligibilityRules({ INTAKE_RULES_FILE: fileWith('{ not json') })).toThrow(/INTAKE_RULES_FILE must name a readable JSON file/);
  });
});

describe('INTAKE_RULES_FILE among the settings', () => {
  it('is checked with the other settings at start-up, in the one-line form', () => {
    const file = fileWith({ ...shipped(), routes: { ...shipped().routes, jgz: ['severity', 'warm_handovr'] } });
    expect(() => IntakeSettings.load({ INTAKE_RULES_FILE: file })).toThrow(/^Configuration error: INTAKE_RULES_FILE routes\.jgz\[1\]: must be a condition/);
    expect(IntakeSettings.load({ INTAKE_RULES_FILE: SHIPPED }).INTAKE_RULES_FILE).toBe(SHIPPED);
  });
});
