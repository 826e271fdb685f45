import type { FactoryProvider } from '@nestjs/common';
import { z } from 'zod';
import { APP_CONFIG, type AppConfig, type Environment, environmentOf, parseEnvironment } from './config';

/** The settings one service declares: their schema, their DI token and their provider. */
export interface ServiceSettings<Shape extends z.ZodRawShape> {
  readonly token: symbol;
  readonly schema: z.ZodObject<Shape>;
  /** Parses the variables; throws ConfigurationError naming the first variable at fault. */
  load(source: Environment): z.infer<z.ZodObject<Shape>>;
  /** Parses the environment the process's config was loaded from; list it in the service's module. */
  readonly provider: FactoryProvider<z.infer<z.ZodObject<Shape>>>;
}

export type SettingsOf<Definition> = Definition extends ServiceSettings<infer Shape> ? z.infer<z.ZodObject<Shape>> : never;

/**
 * A service's own settings, next to the service (a service's config names only what it uses): e.g.
 * consent's RETENTION_YEARS, the platform's DEMO_DATA. Read from the same environment as the
 * process-wide config, with the same one-line error naming the variable.
 */
export function defineSettings<Shape extends z.ZodRawShape>(service: string, shape: Shape): ServiceSettings<Shape> {
  const schema = z.object(shape);
  const token = Symbol.for(`wijkteam.settings.${service}`);
  const load = (source: Environment) => parseEnvironment(schema, source);
  defined.push(load);
  return {
    token,
    schema,
    load,
    provider: { provide: token, inject: [APP_CONFIG], useFactory: (config: AppConfig) => load(environmentOf(config)) },
  };
}

const defined: Array<(source: Environment) => unknown> = [];

/**
 * Checks the settings of every service whose code is loaded, before the application is built: a
 * wrong setting then stops the launch with the same one line as a process-wide one.
 */
export function checkServiceSettings(config: AppConfig): void {
  for (const load of defined) load(environmentOf(config));
}
