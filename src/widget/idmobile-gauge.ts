import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { Band } from '../protocol/scores.js';

const ICONS: Record<Band, string> = { match: '✓', partial: '≈', mismatch: '✕', unverified: '–' };

/**
 * One field's match gauge: its label, a bar filled to the score, the percentage and the band in words
 * (colour is never the only cue). The host carries the ARIA meter semantics, set by the parent.
 *
 * @csspart label - the field's name
 * @csspart track - the bar's background
 * @csspart fill - the bar's filled part
 * @csspart value - percentage and band in words
 */
export class IdmobileGauge extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      grid-template-columns: minmax(6rem, 1fr) 2fr;
      grid-template-areas: 'label value' 'track track';
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
    [part='label'] {
      grid-area: label;
      font-weight: 500;
    }
    [part='value'] {
      grid-area: value;
      justify-self: end;
      color: var(--_colour);
      font-variant-numeric: tabular-nums;
    }
    .icon {
      display: inline-block;
      width: 1.1em;
      text-align: center;
      font-weight: 700;
    }
    [part='track'] {
      grid-area: track;
      height: 0.5rem;
      border-radius: 999px;
      background: var(--idmobile-track, light-dark(#e5e7eb, #374151));
      overflow: hidden;
    }
    [part='fill'] {
      height: 100%;
      width: 100%;
      background: var(--_colour);
      transform-origin: left;
      transform: scaleX(0);
      transition: transform 0.5s ease-out;
    }
    :host([data-band='unverified']) [part='track'] {
      background: repeating-linear-gradient(
        45deg,
        transparent 0 4px,
        var(--idmobile-track, light-dark(#e5e7eb, #374151)) 4px 8px
      );
    }
    @media (prefers-reduced-motion: reduce) {
      [part='fill'] {
        transition: none;
      }
    }
  `;

  /** The field's name as shown to the shopper. */
  @property() label = '';
  /** Score in [0,1], or null when the field was not compared. */
  @property({ attribute: false }) score: number | null = null;
  @property({ attribute: false }) band: Band = 'unverified';
  /** The band in words, in the shopper's language. */
  @property({ attribute: false }) bandText = '';

  protected override render() {
    const percent = this.score === null ? null : Math.round(this.score * 100);
    // a meter's host speaks for it (aria-valuetext); the unverified gauge has no meter, so its text stays readable
    const hidden = this.band === 'unverified' ? nothing : 'true';
    return html`<span part="label" aria-hidden=${hidden}>${this.label}</span>
      <span part="value" aria-hidden=${hidden}
        ><span class="icon">${ICONS[this.band]}</span>
        ${percent === null ? nothing : `${percent} % · `}${this.bandText}</span
      >
      <div part="track"><div part="fill"></div></div>`;
  }

  protected override updated(changed: PropertyValues<this>) {
    if (changed.has('score')) {
      // CSSOM, not a style attribute: allowed under a strict Content-Security-Policy
      const fill = this.renderRoot.querySelector<HTMLElement>('[part="fill"]');
      fill?.style.setProperty('transform', `scaleX(${this.score ?? 0})`);
    }
  }
}
