// The strict-CSP page's only script of its own (a file: inline scripts are not allowed here).
// It shows the widget's outcome and counts Content-Security-Policy violations, which should stay at 0.
(function () {
  'use strict';
  var count = 0;
  var violations = document.getElementById('violations');
  document.addEventListener('securitypolicyviolation', function (e) {
    count += 1;
    violations.textContent = count + ' (' + e.violatedDirective + ': ' + (e.blockedURI || 'inline') + ')';
    violations.setAttribute('data-count', String(count));
  });
  var outcome = document.getElementById('outcome');
  var widget = document.getElementById('idcheck');
  widget.addEventListener('idmobile-result', function (e) {
    outcome.textContent = 'Verdict: ' + e.detail.verdict + (e.detail.attestation ? ' (attestation received)' : '');
  });
  widget.addEventListener('idmobile-error', function (e) {
    outcome.textContent = 'Error ' + e.detail.id;
  });
  widget.addEventListener('idmobile-submit', function () {
    outcome.textContent = '';
  });
})();
