// The theme's colour pairs meet WCAG AA (4.5:1 for text) in both themes.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Read from disk: vitest hands CSS imports over empty.
const css = readFileSync(join(import.meta.dirname, '../styles.css'), 'utf8');

function tokens(selector: string): Record<string, string> {
  const block = new RegExp(`${selector.replace('.', '\\.')}\\s*\\{([^}]*)\\}`).exec(css)?.[1] ?? '';
  return Object.fromEntries([...block.matchAll(/--xcr-([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!]));
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** The WCAG contrast ratio of two colours. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const textPairs: ReadonlyArray<[string, string]> = [
  ['fg', 'surface'], ['fg', 'panel'], ['fg', 'sunken'], ['fg', 'mark'],
  ['muted', 'surface'], ['muted', 'panel'], ['muted', 'sunken'],
  ['accent', 'surface'], ['accent', 'panel'], ['accent-fg', 'accent'],
  ['danger', 'panel'], ['ok', 'panel'], ['warn', 'panel'],
];

describe('theme contrast', () => {
  for (const [theme, selector] of [['light', ':root'], ['dark', '.dark']] as const) {
    it(`${theme}: every text colour on every background it is used on reaches 4.5:1`, () => {
      const t = tokens(selector);
      expect(Object.keys(t).length).toBeGreaterThanOrEqual(12);
      const failing = textPairs.map(([fg, bg]) => ({ pair: `${fg} on ${bg}`, ratio: contrast(t[fg]!, t[bg]!) })).filter((p) => !(p.ratio >= 4.5));
      expect(failing).toEqual([]);
    });
  }

  it('computes known ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 1);
  });
});
