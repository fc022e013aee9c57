import { LitElement, html, nothing } from 'lit';
import { css } from './css.js';
import type { Band } from '../protocol/scores.js';

const ICONS: Record<Band, string> = { match: '✓', partial: '≈', mismatch: '✕', unverified: '–', withheld: '–' };

/**
 * One field's result: its label, the band in words with an icon (colour is never the only cue) and, for fields
 * the operator compares by similarity, a bar filled to the score and the percentage (none when the relay shows
 * bands only: the bar then stands at the band's level). Fields compared exactly
 * (`exact`) show a check or a cross, no percentage and no bar; fields not compared or withheld by the relay
 * say so in words. A measured gauge's host is its ARIA meter: role, name, value (0 to 100, ARIA's default range)
 * and the band in words as its value text; a gauge without a meter keeps its text readable.
 *
 * @csspart label - the field's name
 * @csspart value - icon, percentage and band in words
 * @csspart track - the bar's background
 * @csspart fill - the bar's filled part (animated unless `prefers-reduced-motion`)
 */
export class IdmobileGauge extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      /* the label and the value, then the bar across: both columns may shrink (at 200 % text zoom on a phone
         the value wraps instead of scrolling sideways); the second row stands even without a bar */
      grid-template: auto auto / minmax(0, 1fr) minmax(0, auto);
      gap: 0.25rem 0.75rem;
      align-items: baseline;
      --_colour: var(--idmobile-unverified, light-dark(#5f6672, #a3abb8));
    }
    :host([data-band='match']) {
      --_colour: var(--idmobile-match, light-dark(#0f7b3f, #4ade80));
    }
    :host([data-band='partial']) {
      --_colour: var(--idmobile-partial, light-dark(#9a5b00, #fbbf24));
    }
    :host([data-band='mismatch']) {
      --_colour: var(--idmobile-mismatch, light-dark(#b3261e, #f87171));
    }
    @container (max-width: 24rem) {
      :host {
        grid-template: auto auto auto / 1fr;
      }
    }
    [part='label'] {
      font-weight: 500;
    }
    [part='value'] {
      color: var(--_colour);
      font-variant-numeric: tabular-nums;
      overflow-wrap: anywhere;
      unicode-bidi: isolate; /* a percentage reads the same in a right-to-left page */
    }
    .icon {
      display: inline-block;
      width: 1.1em;
      text-align: center;
      font-weight: 700;
    }
    [part='track'] {
      grid-column: 1 / -1;
      height: 0.5rem;
      border-radius: 999px;
      /* 3:1 against the panel (WCAG 1.4.11): a light grey track read as no track at all */
      background: var(--idmobile-track, light-dark(#8b9099, #6b7280));
      overflow: hidden;
    }
    [part='fill'] {
      height: 100%;
      background: var(--_colour);
      transform-origin: left;
      transform: scaleX(0);
      transition: transform 0.6s ease-out;
    }
    :host(:dir(rtl)) [part='fill'] {
      transform-origin: right; /* bars fill from the start side */
    }
    @media (prefers-reduced-motion: reduce) {
      [part='fill'] {
        transition: none;
      }
    }
    @media (forced-colors: active) {
      /* forced colours drop backgrounds: the bar keeps system colours instead of vanishing */
      [part='track'] {
        border: 1px solid CanvasText;
      }
      [part='fill'] {
        forced-color-adjust: none;
        background: Highlight;
      }
    }
  `;

  // declared here rather than with `@property()`: the decorator helpers cost 0.4 KB gzip in the IIFE (size budget);
  // a getter, the form lit-analyzer reads (it does not see a static field)
  static override get properties() {
    return {
      label: {},
      score: { attribute: false },
      band: { attribute: false },
      bandText: { attribute: false },
      percentText: { attribute: false },
      exact: { type: Boolean },
    };
  }

  /** The field's name as shown to the shopper. */
  label = '';
  /** Score in [0,1], or null when the field was not compared or was withheld. */
  score: number | null = null;
  band: Band = 'unverified';
  /** The band in words, in the shopper's language. */
  bandText = '';
  /** The score as a percentage, formatted for the shopper's language (`89 %`, `89%`); `''` for none (bands only). */
  percentText = '';
  /** Compared exactly by the operator: a check or a cross, no percentage, no bar. */
  exact = false;

  private get measured(): boolean {
    return this.score !== null && this.band !== 'unverified' && this.band !== 'withheld';
  }

  protected override willUpdate(): void {
    const meter = this.measured;
    const { percentText, bandText } = this;
    this.role = meter ? 'meter' : null;
    this.ariaLabel = meter ? this.label : null;
    this.ariaValueNow = meter ? String(Math.round((this.score ?? 0) * 100)) : null;
    this.ariaValueText = meter ? (this.exact || !percentText ? bandText : `${percentText}, ${bandText}`) : null;
  }

  protected override render() {
    const bar = this.measured && !this.exact;
    // a meter's host speaks for it (aria-valuetext); a gauge without a meter keeps its text readable
    const hidden = this.measured ? 'true' : nothing;
    return html`<span part="label" aria-hidden=${hidden}>${this.label}</span>
      <span part="value" aria-hidden=${hidden}
        ><span class="icon">${ICONS[this.band]}</span>
        ${bar && this.percentText ? `${this.percentText} · ` : nothing}${this.bandText}</span
      >
      ${bar ? html`<div part="track"><div part="fill"></div></div>` : nothing}`;
  }

  protected override updated() {
    const fill = this.renderRoot.querySelector<HTMLElement>('[part="fill"]');
    if (!fill) return;
    // a new bar starts empty: its style is computed before the score is set, so the fill grows to it (an update
    // that keeps the score sets the same value: nothing moves)
    fill.getBoundingClientRect();
    // CSSOM, not a style attribute: allowed under a strict Content-Security-Policy
    fill.style.transform = `scaleX(${this.score ?? 0})`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'idmobile-gauge': IdmobileGauge;
  }
}
