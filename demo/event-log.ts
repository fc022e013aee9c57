/**
 * The demo's event log: what the page receives from `<idmobile-check>`, newest first, for the developer trying it.
 */
import type { ConsentDetail, ErrorDetail, ResultDetail, SubmitDetail } from '../src/widget/index.js';
// not (yet) re-exported by the widget's index
import type { PendingDetail, ResetDetail } from '../src/widget/index.js';

export interface LogEntry {
  time: string;
  type: string;
  summary: string;
  detail: string;
}

const MAX = 30;
let log: LogEntry[] = [];

const short = (s: string | null, n = 24) => (s && s.length > n ? `${s.slice(0, n)}…` : s);

function describe(type: string, detail: unknown): string {
  switch (type) {
    case 'idmobile-submit': {
      const { request } = detail as SubmitDetail;
      const fields = request.identity as Record<string, string | Record<string, string | undefined> | undefined>;
      const sent = Object.entries(fields).filter(
        ([, v]) => v && (typeof v === 'string' || Object.values(v).some(Boolean)),
      );
      return `sending ${request.phone} with ${sent.map(([k]) => k).join(', ') || 'no identity field'}`;
    }
    case 'idmobile-result': {
      const d = detail as ResultDetail;
      return `verdict ${d.verdict}${d.attestation ? ', with an attestation' : ''}`;
    }
    case 'idmobile-consent': {
      const d = detail as ConsentDetail;
      return `${d.operator} asks for consent`;
    }
    case 'idmobile-pending': {
      const d = detail as PendingDetail;
      return `${d.operator} asks the subscriber to approve on their phone (${d.expiresIn} s)`;
    }
    case 'idmobile-reset': {
      const d = detail as ResetDetail;
      return `back to idle: ${d.reason}`;
    }
    case 'idmobile-edit':
      return `change ${(detail as { field: string }).field}: the page focuses its own field`;
    case 'idmobile-error': {
      const d = detail as ErrorDetail;
      return `error ${d.id}${d.retryable ? ' (retryable)' : ''}: ${d.errorType}`;
    }
    default:
      return '';
  }
}

function render(): void {
  const list = document.getElementById('event-log');
  const empty = document.getElementById('empty-log');
  if (!list || !empty) return;
  list.replaceChildren(
    ...log.map((entry) => {
      const li = document.createElement('li');
      li.className = 'event';
      li.dataset['event'] = entry.type;
      const head = document.createElement('p');
      const time = document.createElement('time');
      time.textContent = entry.time;
      const name = document.createElement('code');
      name.textContent = entry.type;
      head.append(time, ' ', name);
      const summary = document.createElement('p');
      summary.className = 'event-summary';
      summary.textContent = entry.summary;
      const details = document.createElement('details');
      const label = document.createElement('summary');
      label.textContent = 'detail';
      const pre = document.createElement('pre');
      pre.tabIndex = 0; // may scroll: reachable by keyboard
      pre.textContent = entry.detail;
      details.append(label, pre);
      li.append(head, summary, details);
      return li;
    }),
  );
  empty.hidden = log.length > 0;
  if (list.parentElement) list.parentElement.hidden = log.length === 0;
}

export function addLog(type: string, detail: unknown): void {
  const shown =
    type === 'idmobile-result'
      ? { ...(detail as ResultDetail), attestation: short((detail as ResultDetail).attestation, 32) }
      : detail;
  log = [
    {
      time: new Date().toLocaleTimeString('en-GB'),
      type,
      summary: describe(type, detail),
      detail: JSON.stringify(shown, null, 2),
    },
    ...log,
  ].slice(0, MAX);
  render();
}

export function clearLog(): void {
  log = [];
  render();
}

/** The entries, to keep them over the trip to the operator's consent page. */
export function logEntries(): LogEntry[] {
  return log;
}

export function restoreLog(entries: unknown): void {
  log = Array.isArray(entries) ? (entries as LogEntry[]).slice(0, MAX) : [];
  render();
}

export function setUpLog(): void {
  document.getElementById('clear-log')?.addEventListener('click', clearLog);
  render();
}
