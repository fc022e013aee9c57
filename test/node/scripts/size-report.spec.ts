/**
 * scripts/size-report.mjs attributes each byte of a bundle to the source its source map names, the way the
 * build's size budget reports which module grew: table-driven on a hand-written source map (Source Map v3,
 * Base64 VLQ segments).
 */
import { expect, test } from '@playwright/test';
import { attribute, decodeVlq, sizeReport } from '../../../scripts/size-report.mjs';

test('Base64 VLQ segments decode to their signed fields', () => {
  const cases: Array<[string, number[]]> = [
    ['AAAA', [0, 0, 0, 0]],
    ['CCAA', [1, 1, 0, 0]],
    ['CDAA', [1, -1, 0, 0]],
    ['gBAAA', [16, 0, 0, 0]], // 16 takes a continuation digit
    ['C', [1]],
  ];
  for (const [seg, fields] of cases) expect(decodeVlq(seg), seg).toEqual(fields);
  expect(() => decodeVlq('A*')).toThrow(/not a Base64 VLQ character/);
});

test('bytes go to the segment that starts them, across lines; a one-field segment is unmapped', () => {
  // line 0: `A` from source 0, `B` from source 1; line 1: `C` continues source 1 (a template literal's
  // next line has no segment of its own), `D` from source 0, `E` unmapped
  const code = 'AB\nCDE';
  const map = { sources: ['a.ts', 'b.ts'], mappings: 'AAAA,CCAA;CDAA,C' };
  expect(attribute(code, map.mappings)).toEqual([
    { source: 0, text: 'A' },
    { source: 1, text: 'B\n' },
    { source: 1, text: 'C' },
    { source: 0, text: 'D' },
    { source: -1, text: 'E' },
  ]);
  const report = sizeReport(code, map);
  expect(report.raw).toBe(code.length);
  const raw = Object.fromEntries(report.rows.map((r) => [r.module, r.raw]));
  expect(raw).toEqual({ 'a.ts': 2, 'b.ts': 3, '(unmapped)': 1 });
  for (const r of report.rows) expect(r.gzipAlone).toBeGreaterThan(0);
});
