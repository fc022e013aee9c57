/**
 * A failure of the upstream (not an answer from it): `R502` (bad or no answer), `R504` (no answer in time) or
 * `R429` (not asked: too many requests; `retryAfterSeconds` for `Retry-After`). Both upstream implementations
 * throw it; the relay answers it with the id's HTTP status. `reason` is for logs only and holds no secret.
 */
import type { UpstreamErrorId } from './types.js';

export class UpstreamError extends Error {
  constructor(
    readonly id: UpstreamErrorId,
    readonly reason: string,
    readonly endpoint: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(`${endpoint}: ${reason}`);
    this.name = 'UpstreamError';
  }
}
