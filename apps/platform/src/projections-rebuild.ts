/**
 * npm run projections:rebuild -- <projection name>
 * Rebuilds one read model from the history, with the services stopped, using the same settings as
 * `npm start` (EVENT_STORE_URL, DATABASE_URL, …). Exits 0 when done, 64 on a wrong name.
 */
import { CONSENT_PROJECTIONS } from '@wijkteam/consent';
import { CannotRebuild, loadConfigOrExit, rebuildProjection } from '@wijkteam/runtime';
import { PLATFORM_DEFAULTS } from './platform.defaults';

const OWNERS = { consent: CONSENT_PROJECTIONS };

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name) {
    process.stderr.write(`usage: npm run projections:rebuild -- <name>; known: ${Object.values(OWNERS).flat().map((p) => p.name).join(', ')}\n`);
    process.exit(64);
  }
  // It serves no request and issues no token: the development issuer's setting is only a default.
  const config = loadConfigOrExit({ ...PLATFORM_DEFAULTS, AUTH_MODE: 'development' });
  try {
    const { service, seconds } = await rebuildProjection(config, OWNERS, name);
    process.stdout.write(`rebuilt ${name} (${service}) from the history in ${seconds.toFixed(1)} s\n`);
  } catch (error) {
    if (!(error instanceof CannotRebuild)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(64);
  }
}

void main();
