import { unsafeCSS, type CSSResult } from 'lit';

/**
 * Lit's `css` tag for the widget's own constant style sheets: a template without interpolations (the type refuses
 * any) is a constant string, which `unsafeCSS` wraps safely. Lit's `css` brings a value check and its long
 * developer message into the one-tag bundle for interpolations the widget never writes (size budget: 0.1 KB
 * gzip). The build still minifies these templates (scripts/minify-lit-templates.mjs reads the tag by its name).
 */
export const css = (strings: TemplateStringsArray, ..._none: never[]): CSSResult => unsafeCSS(strings.join(''));
