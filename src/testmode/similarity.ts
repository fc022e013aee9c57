/**
 * String folding and similarity used by the test mode's scoring. Pure functions, no dependency.
 *
 * Folding removes what should never change a score: case, accents, punctuation and spacing
 * ("Jean-Pierre", "JEAN PIERRE" and "jean  pierre" all fold to "jeanpierre").
 */

const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', đ: 'd', ł: 'l', ı: 'i' };

/**
 * Folds a string into words: lower case, accents stripped, ligatures expanded, every run of
 * punctuation or spacing turned into one separator. Returns the words.
 */
export function foldWords(input: string): string[] {
  const lowered = input
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const expanded = lowered.replace(/[œæßøđłı]/g, (ch) => LIGATURES[ch] ?? ch);
  return expanded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** Folds a string for comparison: {@link foldWords} joined without separators, so spacing never matters. */
export function fold(input: string): string {
  return foldWords(input).join('');
}

/** Jaro similarity of two strings (already folded), in [0, 1]. */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const matchedA = new Array<boolean>(la).fill(false);
  const matchedB = new Array<boolean>(lb).fill(false);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lb - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (matchedB[j] || a[i] !== b[j]) continue;
      matchedA[i] = true;
      matchedB[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!matchedA[i]) continue;
    while (!matchedB[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/** Jaro-Winkler similarity (prefix scale 0.1, prefix up to 4 characters), in [0, 1]. */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j === 1) return 1;
  let prefix = 0;
  const max = Math.min(4, a.length, b.length);
  while (prefix < max && a[prefix] === b[prefix]) prefix++;
  // never reach 1 for two different strings
  return Math.min(j + prefix * 0.1 * (1 - j), 0.9999);
}

/**
 * Similarity of two free texts (names, streets, localities) after folding: 1 when they fold to the same
 * string, 0 when either folds to nothing, Jaro-Winkler otherwise. Symmetric.
 */
export function similarity(a: string, b: string): number {
  const fa = fold(a);
  const fb = fold(b);
  if (fa === '' || fb === '') return fa === fb && fa !== '' ? 1 : 0;
  if (fa === fb) return 1;
  // Jaro-Winkler is symmetric in theory; order the arguments so float rounding cannot make it differ.
  return fa < fb ? jaroWinkler(fa, fb) : jaroWinkler(fb, fa);
}

/** Rounds a score to 2 decimals, as DQE answers. */
export function round2(score: number): number {
  return Math.round(score * 100) / 100;
}
