import type { ServiceName } from './events/define-event';

/**
 * Every stream name says which service owns it: `<owner>.<entity>-<id>`, e.g.
 * `casePlanning.caseFile-0193…`. All services may share one store (one EventStoreDB in production),
 * so two services must never write the same stream: an erasure record or access log written by a
 * library carries the name of the service that writes it.
 *
 * EventStoreDB's `$by_category` projection takes everything before the FIRST '-' as the category:
 * the owner token is therefore camelCase without a '-' (`casePlanning`, not `case-planning`), so the
 * category (`casePlanning.caseFile`) names the service and the entity, and `$ce-casePlanning.caseFile`
 * is that entity's category stream. The id is a UUID (never a personal identifier).
 */
export const STREAM_OWNERS = {
  intake: 'intake',
  'case-planning': 'casePlanning',
  safety: 'safety',
  consent: 'consent',
  reporting: 'reporting',
} as const satisfies Record<ServiceName, string>;

export type StreamOwner = keyof typeof STREAM_OWNERS;

declare const streamCategory: unique symbol;
/** A stream name built by a helper below; a plain string (concatenated at a call site) is not one. */
export type StreamName<Category extends string = string> = string & { readonly [streamCategory]: Category };

/** The helper of one owner's entity: `caseFileStream(id)`, like Eventuous's `StreamName.For<T>(id)`. */
export interface StreamOf<Category extends string = string> {
  (id: string): StreamName<Category>;
  readonly owner: StreamOwner;
  /** `casePlanning.caseFile`: what `$by_category` files the stream under. */
  readonly category: Category;
  /** `casePlanning.caseFile-`: the prefix for a filtered read of the whole category. */
  readonly prefix: string;
  /** The id of a stream of this category, or undefined for any other stream. */
  idOf(stream: string): string | undefined;
}

const ENTITY = /^[a-z][A-Za-z0-9]*$/;

/** The one way to name a stream: `streamOf('case-planning', 'caseFile')`. */
export function streamOf<Owner extends StreamOwner, Entity extends string>(owner: Owner, entity: Entity): StreamOf<`${(typeof STREAM_OWNERS)[Owner]}.${Entity}`> {
  if (!ENTITY.test(entity)) throw new Error(`stream entity must be camelCase: ${entity}`);
  const category = `${STREAM_OWNERS[owner]}.${entity}` as `${(typeof STREAM_OWNERS)[Owner]}.${Entity}`;
  const prefix = `${category}-`;
  const name = (id: string) => `${prefix}${id}` as StreamName<typeof category>;
  return Object.assign(name, {
    owner,
    category,
    prefix,
    idOf: (stream: string) => (stream.startsWith(prefix) && stream.length > prefix.length ? stream.slice(prefix.length) : undefined),
  });
}

/** `casePlanning.`: the prefix of every stream the service owns (a filtered read of its whole history). */
export const ownerPrefix = (owner: StreamOwner): string => `${STREAM_OWNERS[owner]}.`;

/** The service owning a stream, or undefined for a name outside the convention. */
export function ownerOf(stream: string): StreamOwner | undefined {
  const dot = stream.indexOf('.');
  if (dot < 0) return undefined;
  const token = stream.slice(0, dot);
  return (Object.keys(STREAM_OWNERS) as StreamOwner[]).find((owner) => STREAM_OWNERS[owner] === token);
}
