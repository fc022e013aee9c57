/**
 * The ES-module embedding: the side-effect-free class entry (what `import { IdmobileCheck } from 'idmobile-check'`
 * resolves to), registered by the page, created and configured in script.
 */
import { defineIdmobileCheck } from '../src/widget/index.js';

defineIdmobileCheck(); // the tag and its gauge, in the page's registry

const check = document.createElement('idmobile-check');
check.id = 'idcheck';
check.setAttribute('relay-url', '/api/idmobile');
check.fields = 'given_name family_name email';
check.identity = { given_name: 'Jean-Pierre', family_name: 'Dubois', email: 'jp.dubois@example.com' };
check.phone = '06 98 76 54 32';

const byId = (id: string) => document.getElementById(id) ?? document.body.appendChild(document.createElement('p'));
const outcome = byId('outcome');
check.addEventListener('idmobile-submit', () => (outcome.textContent = ''));
check.addEventListener('idmobile-result', (e) => {
  const { verdict, scores } = e.detail;
  outcome.textContent = `Verdict : ${verdict} (nom ${Math.round((scores.family_name ?? 0) * 100)} %)`;
  outcome.dataset['verdict'] = verdict;
});
check.addEventListener('idmobile-error', (e) => (outcome.textContent = `Erreur ${e.detail.id}`));

byId('mount').append(check);
