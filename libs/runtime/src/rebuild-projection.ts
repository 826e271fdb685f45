import { Logger } from '@nestjs/common';
import { createEventStore } from '@wijkteam/event-store';
import { type BusProjection, type Projection, ProjectionHost } from '@wijkteam/projections';
import type { AppConfig } from './config';
import { projectionDatabaseUrl } from './projections';

export class CannotRebuild extends Error {
  readonly code = 'cannot_rebuild';
  constructor(message: string) {
    super(message);
    this.name = 'CannotRebuild';
  }
}

/**
 * `npm run projections:rebuild -- <name>`: empties one store-fed read model and folds the whole
 * history into it again, in this process, with the service stopped (its runner would otherwise
 * write the same rows). The store is read as stored (personal fields sealed), as the runner reads it.
 * A bus-fed read model is rebuilt by giving it a new version (its consumer then gets the history).
 */
export async function rebuildProjection(config: AppConfig, owners: Readonly<Record<string, readonly (Projection | BusProjection)[]>>, name: string): Promise<{ service: string; seconds: number }> {
  const found = Object.entries(owners).flatMap(([service, projections]) => projections.filter((p) => p.name === name).map((projection) => ({ service, projection })));
  if (found.length === 0) {
    const known = Object.values(owners).flatMap((projections) => projections.map((p) => p.name));
    throw new CannotRebuild(`no projection ${name}; known: ${known.join(', ')}`);
  }
  const [{ service, projection }] = found;
  if (!('handle' in projection)) throw new CannotRebuild(`${name} is fed by the bus: give it a new version to rebuild it from the history`);
  const logger = new Logger(`Projections:${service}`);
  const store = createEventStore(config.EVENT_STORE_URL);
  const host = await ProjectionHost.open({ service, url: projectionDatabaseUrl(config, service), store, projections: [projection], logger });
  const started = performance.now();
  try {
    await host.runner(name).rebuild();
    return { service, seconds: (performance.now() - started) / 1000 };
  } finally {
    await host.stop();
    await store.close();
  }
}
