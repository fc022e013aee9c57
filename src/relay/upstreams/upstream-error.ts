/**
 * A failure of the upstream (not an answer from it): `R502` (bad or no answer) or `R504` (no answer in time).
 * Both upstream implementations throw it; the relay answers it with the id's HTTP status. `reason` is for logs
 * only and holds no secret.
 */
import type { UpstreamErrorId } from './types.js';

export class UpstreamError extends Error {
  constructor(
    readonly id: UpstreamErrorId,
    readonly reason: string,
    readonly endpoint: string,
  ) {
    super(`${endpoint}: ${reason}`);
    this.name = 'UpstreamError';
  }
}
