const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Client, case file, event and key ids are UUIDs (any version, any case): opaque, never a personal
 * identifier. The one check of that shape for the services and libraries above the event store
 * (which keeps its own, having no dependencies).
 */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
