/**
 * Asked of a read model that is still catching up (a first start, a rebuild): answered 503 with
 * `Retry-After`, so a decision is never taken on rows that are behind the history.
 */
export class ProjectionCatchingUp extends Error {
  readonly code = 'projection_catching_up';
  readonly httpStatus = 503;
  constructor(readonly projection: string) {
    super(`read model ${projection} is catching up with the history; retry shortly`);
    this.name = 'ProjectionCatchingUp';
  }
}
