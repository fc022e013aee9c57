/** Moved to `upstreams/dqe/translate.ts`; kept for the legacy DQE client until the relay takes an `Upstream`. */
export * from './upstreams/dqe/translate.js';
