/**
 * npm run audit:verify
 * Verifies the whole history against the reporting service's seals, with the same settings as
 * `npm start` (EVENT_STORE_URL). Reads the store once, in order, in flat memory: fit for a nightly
 * run. Prints one line and the report (JSON); exits 0 when intact, 1 when a change was found.
 * Events after the newest seal are not judged yet: the running sealer seals them within minutes.
 */
import { createEventStore } from '@wijkteam/event-store';
import { verifyHistory } from '@wijkteam/reporting';
import { loadConfigOrExit } from '@wijkteam/runtime';
import { PLATFORM_DEFAULTS } from './platform.defaults';

async function main(): Promise<void> {
  // It serves no request and issues no token: the development issuer's setting is only a default.
  const config = loadConfigOrExit({ ...PLATFORM_DEFAULTS, AUTH_MODE: 'development' });
  const store = createEventStore(config.EVENT_STORE_URL);
  const started = Date.now();
  try {
    const report = await verifyHistory(store);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const verified = `${report.events} events in ${report.seals} seals, through position ${report.verifiedThrough} (${seconds} s)`;
    const mismatch = report.firstMismatch;
    process.stdout.write(mismatch ? `history changed: ${mismatch.kind} at position ${mismatch.position}; intact before it: ${verified}\n` : `history intact: ${verified}\n`);
    process.stdout.write(`${JSON.stringify(report)}\n`);
    process.exitCode = report.intact ? 0 : 1;
  } finally {
    await store.close();
  }
}

void main();
