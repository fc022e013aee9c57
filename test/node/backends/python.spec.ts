/**
 * The README's Python backend (`python-backend/server.py`, standard library only), run with `python3` against a
 * real relay: the suite is suite.ts.
 */
import { missing } from './harness.js';
import { backendSuite } from './suite.js';

backendSuite({
  app: 'python-backend',
  missing: missing('python3', ['--version']),
  command: () => ['python3', ['server.py']],
});
