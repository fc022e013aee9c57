import { css } from './css.js';

// Size budget: rules that share declarations share one selector list (the IIFE must stay within 25 KB gzip);
// the build's minifier (scripts/minify-lit-templates.mjs) strips comments and whitespace.
export const styles = css`
  :host {
    display: block;
    container-type: inline-size;
    font: var(--idmobile-font, inherit);
    color: var(--idmobile-text, light-dark(#1f2328, #e6e6e6));
    --_accent: var(--idmobile-accent, light-dark(#1d4ed8, #8ab4ff));
    --_error: var(--idmobile-error, light-dark(#b3261e, #ff8a80));
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  form,
  .grid {
    display: grid;
    gap: var(--idmobile-gap, 1rem);
  }
  @container (min-width: 32rem) {
    .grid {
      grid-template-columns: 1fr 1fr;
    }
    .wide {
      grid-column: 1 / -1;
    }
  }
  /* every paragraph sits in a grid with gaps (the inconclusive result's field to check too, like its neighbours) */
  form,
  fieldset,
  p,
  h2,
  dl,
  dd {
    margin: 0;
  }
  fieldset {
    border: 0;
    min-width: 0;
  }
  fieldset,
  legend {
    padding: 0;
  }
  legend {
    margin-bottom: 0.5rem;
  }
  legend,
  .title,
  h2 {
    font-weight: 600;
  }
  /* the verdict is a heading for assistive technologies, and reads as the panel's first line */
  h2 {
    font-size: inherit;
  }
  .field,
  dl {
    display: grid;
    gap: 0.25rem;
  }
  .field {
    align-content: start;
  }
  label,
  dd {
    font-weight: 500;
  }
  .optional {
    font-weight: 400;
  }
  .optional,
  .hint,
  .intro,
  .note,
  dt {
    color: var(--idmobile-muted, light-dark(#57606a, #a0a7b1));
  }
  .hint,
  .field-error,
  .intro,
  .note {
    font-size: 0.875em;
  }
  input,
  select,
  button {
    font: inherit;
    border-radius: var(--idmobile-radius, 0.5rem);
    min-height: 2.75rem;
  }
  input,
  select {
    /* at least 16px: a smaller font makes phones zoom into the field */
    font-size: max(16px, 1em);
    color: inherit;
    background: var(--idmobile-background, light-dark(#fff, #16181d));
    border: 1px solid var(--idmobile-border, light-dark(#8c959f, #5c6370));
    padding: 0.6rem 0.75rem;
    width: 100%;
  }
  /* a left-to-right input (the phone) in a right-to-left page keeps its text on the page's start side */
  :host(:dir(rtl)) input[dir='ltr'] {
    text-align: right;
  }
  /* the outcome panels (tabindex -1) take focus from script after a check: their ring shows on any focus, since
     Chromium, Firefox and WebKit do not count that focus as focus-visible after a click (test/widget/focus-ring) */
  :focus-visible,
  [tabindex]:focus {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  [aria-invalid='true'] {
    border: 2px solid var(--_error);
  }
  .field-error {
    color: var(--_error);
  }
  .field-error:empty {
    display: none;
  }
  .field-error::before {
    content: '⚠ ';
  }
  .actions,
  .summary,
  dl > div {
    display: flex;
    flex-wrap: wrap;
  }
  .actions {
    gap: 0.75rem;
    align-items: center;
  }
  button {
    padding: 0.6rem 1.1rem;
    cursor: pointer;
    border: 1px solid var(--_accent);
    background: none;
    color: var(--_accent);
  }
  [part='submit'],
  [part='continue'] {
    background: var(--_accent);
    color: var(--idmobile-accent-text, light-dark(#fff, #0b1020));
    font-weight: 600;
  }
  /* one primary action per state: the notice's continue, the wait's cancel */
  :host([state='consent']) [part='submit'],
  :host([state='waiting']) [part='submit'] {
    background: none;
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
      flex: 100%;
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
    visibility: hidden;
  }
  .spinner {
    width: 1em;
    height: 1em;
    border-radius: 50%;
    border: 2px solid;
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
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  [part='error'],
  [part='consent'],
  [part='waiting'],
  [part='result'],
  .summary {
    border: 1px solid var(--idmobile-border, light-dark(#8c959f, #5c6370));
    border-radius: var(--idmobile-radius, 0.5rem);
    padding: 0.75rem 1rem;
  }
  [part='error'],
  [part='consent'],
  [part='waiting'],
  [part='result'],
  .next {
    display: grid;
    gap: 0.5rem;
  }
  [part='error'] {
    border: 2px solid var(--_error);
  }
  [part='consent'],
  [part='waiting'] {
    border-color: var(--_accent);
  }
  [part='countdown'] {
    font-variant-numeric: tabular-nums;
  }
  .summary {
    gap: 0.5rem 1rem;
    align-items: start;
    justify-content: space-between;
  }
  dl > div {
    gap: 0 0.5rem;
  }
  button.link {
    min-height: 1.5rem;
    padding: 0 0.25rem;
    border: 0;
    text-decoration: underline;
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
