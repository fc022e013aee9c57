/**
 * The README's PHP backend (`php-backend/index.php`, no Composer, no curl), run with PHP's built-in server as the
 * README says (`php -S 127.0.0.1:PORT -t public index.php`) against a real relay: the suite is suite.ts.
 */
import { missing } from './harness.js';
import { backendSuite } from './suite.js';

backendSuite({
  app: 'php-backend',
  missing: missing('php', ['--version']),
  command: (port) => ['php', ['-S', `127.0.0.1:${port}`, '-t', 'public', 'index.php']],
});
