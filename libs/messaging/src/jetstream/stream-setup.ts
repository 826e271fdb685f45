import { type JetStreamManager, nanos, type StreamConfig, type StreamInfo, StorageType } from 'nats';
import { SUBJECT_ROOT } from '../events/subjects';
import { MessagingConfigError } from '../handling/messaging-server';

export interface StreamOptions {
  /** Default 'JEUGD'. */
  name?: string;
  /** Default 1; 3 in a production cluster. */
  replicas?: number;
  /** 0 (default) keeps messages until removed by other limits. */
  maxAgeMs?: number;
  /** Default and minimum 2 minutes: a relay republishing after a crash must still be deduplicated. */
  duplicateWindowMs?: number;
}

export const DEFAULT_STREAM = 'JEUGD';
const MIN_DUPLICATE_WINDOW_MS = 120_000;

export function resolveStreamOptions(options: StreamOptions = {}): Required<StreamOptions> {
  const resolved = {
    name: options.name ?? DEFAULT_STREAM,
    replicas: options.replicas ?? 1,
    maxAgeMs: options.maxAgeMs ?? 0,
    duplicateWindowMs: options.duplicateWindowMs ?? MIN_DUPLICATE_WINDOW_MS,
  };
  if (resolved.duplicateWindowMs < MIN_DUPLICATE_WINDOW_MS) {
    throw new MessagingConfigError('stream duplicateWindowMs must be at least 120000 (2 minutes)');
  }
  if (resolved.maxAgeMs > 0 && resolved.maxAgeMs < resolved.duplicateWindowMs) {
    throw new MessagingConfigError('stream maxAgeMs must be 0 or at least the duplicate window');
  }
  return resolved;
}

/**
 * Creates the stream, or brings an existing one to the configured subjects and limits. Idempotent,
 * so every relay and consumer runs it at start-up and again after the stream vanished (storage
 * wiped). Storage type cannot be changed on a live stream; it is only set on creation.
 */
export async function ensureStream(jsm: JetStreamManager, options: StreamOptions = {}): Promise<StreamInfo> {
  const { name, replicas, maxAgeMs, duplicateWindowMs } = resolveStreamOptions(options);
  const wanted = {
    subjects: [`${SUBJECT_ROOT}.>`],
    num_replicas: replicas,
    max_age: nanos(maxAgeMs),
    duplicate_window: nanos(duplicateWindowMs),
  };
  const existing = await streamInfo(jsm, name);
  if (!existing) {
    try {
      return await jsm.streams.add({ name, storage: StorageType.File, ...wanted });
    } catch (error) {
      // Another replica created it between our look and our add: fall through to the update check.
      const raced = await streamInfo(jsm, name);
      if (!raced) throw error;
      return updateIfDifferent(jsm, raced, wanted);
    }
  }
  return updateIfDifferent(jsm, existing, wanted);
}

async function updateIfDifferent(jsm: JetStreamManager, info: StreamInfo, wanted: Partial<StreamConfig>): Promise<StreamInfo> {
  const current = info.config;
  const same =
    JSON.stringify(current.subjects) === JSON.stringify(wanted.subjects) &&
    current.num_replicas === wanted.num_replicas &&
    current.max_age === wanted.max_age &&
    current.duplicate_window === wanted.duplicate_window;
  if (same) return info;
  return jsm.streams.update(current.name, { ...current, ...wanted });
}

async function streamInfo(jsm: JetStreamManager, name: string): Promise<StreamInfo | undefined> {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** JetStream API "not found" (stream or consumer), as nats.js reports it. */
export function isNotFound(error: unknown): boolean {
  const apiError = (error as { api_error?: { code?: number } } | null)?.api_error;
  return apiError?.code === 404;
}
