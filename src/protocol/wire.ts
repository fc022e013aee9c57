/**
 * The version of the widget's wire format: the v3 widget sends `"v":3` with every `/match`; the relay answers a
 * body without it (a v2 widget, which could not read v3's answers) with R502.
 */
export const WIRE_VERSION = 3 as const;
