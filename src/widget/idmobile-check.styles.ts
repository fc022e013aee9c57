import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    container-type: inline-size;
    font: var(--idmobile-font, inherit);
    color: var(--idmobile-text, light-dark(#1f2328, #e6e6e6));
    --_accent: var(--idmobile-accent, light-dark(#1d4ed8, #8ab4ff));
    --_accent-text: var(--idmobile-accent-text, light-dark(#fff, #0b1020));
    --_bg: var(--idmobile-background, light-dark(#fff, #16181d));
    --_border: var(--idmobile-border, light-dark(#8c959f, #5c6370));
    --_muted: var(--idmobile-muted, light-dark(#57606a, #a0a7b1));
    --_error: var(--idmobile-error, light-dark(#b3261e, #ff8a80));
    --_radius: var(--idmobile-radius, 0.5rem);
    --_gap: var(--idmobile-gap, 1rem);
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  form {
    display: grid;
    gap: var(--_gap);
    margin: 0;
  }
  .grid {
    display: grid;
    gap: var(--_gap);
    grid-template-columns: 1fr;
  }
  @container (min-width: 32rem) {
    .grid {
      grid-template-columns: 1fr 1fr;
    }
    .wide {
      grid-column: 1 / -1;
    }
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  legend {
    font-weight: 600;
    padding: 0;
    margin-bottom: 0.5rem;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    align-content: start;
  }
  label {
    font-weight: 500;
  }
  .optional {
    font-weight: 400;
    color: var(--_muted);
  }
  input,
  select {
    font: inherit;
    /* at least 16px: a smaller font makes phones zoom into the field */
    font-size: max(16px, 1em);
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.6rem 0.75rem;
    min-height: 2.75rem;
    width: 100%;
  }
  /* the outcome panels (tabindex -1) take focus from script after a check: their ring shows on any focus, since
     Chromium, Firefox and WebKit do not count that focus as focus-visible after a click (test/widget/focus-ring) */
  :focus-visible,
  [tabindex]:focus {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
    border-width: 2px;
  }
  .hint {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .field-error {
    margin: 0;
    color: var(--_error);
    font-size: 0.875em;
  }
  .field-error:empty {
    display: none;
  }
  .field-error::before {
    content: '⚠ ';
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: center;
  }
  button {
    font: inherit;
    border-radius: var(--_radius);
    min-height: 2.75rem;
    padding: 0.6rem 1.1rem;
    cursor: pointer;
    border: 1px solid var(--_accent);
    background: transparent;
    color: var(--_accent);
  }
  button[part='submit'],
  button[part='continue'] {
    background: var(--_accent);
    color: var(--_accent-text);
    font-weight: 600;
  }
  /* one primary action per state: the notice's continue, the wait's cancel */
  :host([state='consent']) button[part='submit'],
  :host([state='waiting']) button[part='submit'] {
    background: transparent;
    color: var(--_accent);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.8;
  }
  @container (max-width: 32rem) {
    .actions > button {
      flex: 1 1 100%;
    }
  }
  /* both labels share one cell: the button never changes size */
  .stack {
    display: inline-grid;
  }
  .stack > * {
    grid-area: 1 / 1;
    display: inline-flex;
    gap: 0.5rem;
    align-items: center;
    justify-content: center;
  }
  .stack > [hidden] {
    display: inline-flex;
    visibility: hidden;
  }
  .spinner {
    width: 1em;
    height: 1em;
    border-radius: 50%;
    border: 2px solid currentColor;
    border-right-color: transparent;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  /* announced only: what it says is on screen already (the busy button, the verdict), so it takes no room */
  .status {
    position: absolute;
    margin: 0;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  [part='error'],
  [part='consent'],
  [part='waiting'],
  [part='result'] {
    border-radius: var(--_radius);
    padding: 0.75rem 1rem;
    display: grid;
    gap: 0.5rem;
  }
  [part='error'] {
    border: 2px solid var(--_error);
  }
  [part='error'] p {
    margin: 0;
  }
  [part='consent'],
  [part='waiting'] {
    border: 1px solid var(--_accent);
  }
  [part='consent'] p,
  [part='waiting'] p {
    margin: 0;
  }
  [part='countdown'] {
    font-variant-numeric: tabular-nums;
  }
  .title {
    font-weight: 600;
  }
  [part='result'] {
    border: 1px solid var(--_border);
  }
  .intro,
  .note {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .summary {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: start;
    justify-content: space-between;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.75rem 1rem;
  }
  dl {
    margin: 0;
    display: grid;
    gap: 0.25rem;
  }
  dl > div {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.5rem;
  }
  dt {
    color: var(--_muted);
  }
  button.link {
    min-height: 1.5rem;
    padding: 0 0.25rem;
    border: 0;
    text-decoration: underline;
  }
  dd {
    margin: 0;
    font-weight: 500;
  }
  .next {
    display: grid;
    gap: 0.5rem;
  }
  .next p {
    margin: 0;
  }
  [part='verdict'] {
    margin: 0;
    font-weight: 600;
  }
  .gauges {
    display: grid;
    gap: 0.75rem;
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 3s;
    }
  }
`;
