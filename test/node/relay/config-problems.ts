/** The problems `loadConfig` names for an environment it refuses (fails the test when it accepts it). */
import { expect } from '@playwright/test';
import { ConfigError, loadConfig, type Env } from '../../../src/relay/config.js';

export function problems(env: Env): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('accepted');
}
