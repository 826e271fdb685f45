/**
 * npm run projections:rebuild -- <projection name>
 * Rebuilds one read model from the history, with the services stopped, using the same settings as
 * `npm start` (EVENT_STORE_URL, DATABASE_URL, SUBJECT_KEY_STORE_URL, …). Exits 0 when done, 64 on a
 * wrong name. The care-history index opens sealed fields to hash them: it is rebuilt with the key
 * store and the match key of the configuration (an erased person stays unfound).
 */
import { CASE_PLANNING_PROJECTIONS } from '@wijkteam/case-planning';
import { CONSENT_PROJECTIONS } from '@wijkteam/consent';
import { PERSONAL_DATA } from '@wijkteam/contracts';
import { careHistoryProjection, INTAKE_PROJECTIONS, IntakeSettings, matchSecretOf } from '@wijkteam/intake';
import { definePersonalDataPolicy, PersonalDataCodec } from '@wijkteam/privacy';
import { REPORTING_PROJECTIONS } from '@wijkteam/reporting';
import { SAFETY_PROJECTIONS } from '@wijkteam/safety';
import { CannotRebuild, environmentOf, loadConfigOrExit, openSubjectKeys, rebuildProjection } from '@wijkteam/runtime';
import { PLATFORM_DEFAULTS } from './platform.defaults';

const NAMES = [...CONSENT_PROJECTIONS, ...INTAKE_PROJECTIONS, ...CASE_PLANNING_PROJECTIONS, ...SAFETY_PROJECTIONS, ...REPORTING_PROJECTIONS].map((p) => p.name).concat('care_history');

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name) {
    process.stderr.write(`usage: npm run projections:rebuild -- <name>; known: ${NAMES.join(', ')}\n`);
    process.exit(64);
  }
  // It serves no request and issues no token: the development issuer's setting is only a default.
  const config = loadConfigOrExit({ ...PLATFORM_DEFAULTS, AUTH_MODE: 'development' });
  const keys = await openSubjectKeys(config);
  const opener = new PersonalDataCodec(definePersonalDataPolicy(PERSONAL_DATA), keys.ring, { decode: 'eager' });
  const careHistory = careHistoryProjection(opener, matchSecretOf(IntakeSettings.load(environmentOf(config)), config.NODE_ENV));
  const owners = { consent: CONSENT_PROJECTIONS, intake: [...INTAKE_PROJECTIONS, careHistory], 'case-planning': CASE_PLANNING_PROJECTIONS, safety: SAFETY_PROJECTIONS, reporting: REPORTING_PROJECTIONS };
  try {
    const { service, seconds } = await rebuildProjection(config, owners, name);
    process.stdout.write(`rebuilt ${name} (${service}) from the history in ${seconds.toFixed(1)} s\n`);
  } catch (error) {
    if (!(error instanceof CannotRebuild)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(64);
  } finally {
    await keys.store.close();
  }
}

void main();
