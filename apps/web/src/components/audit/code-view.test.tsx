import { describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { renderWithI18n } from '../../test/render.tsx';
import { CodeView, codeLines, windowStart } from './code-view.tsx';

function lines(count: number): string {
  return Array.from({ length: count }, (_, i) => `line ${i + 1}`).join('\n');
}

function rendered(container: HTMLElement): number[] {
  return [...container.querySelectorAll('[data-line]')].map((el) => Number(el.getAttribute('data-line')));
}

function highlighted(container: HTMLElement): number[] {
  return [...container.querySelectorAll('[data-highlighted="true"]')].map((el) => Number(el.getAttribute('data-line')));
}

describe('CodeView', () => {
  it('highlights exactly the finding lines', () => {
    const { container } = renderWithI18n(<CodeView code={lines(20)} highlight={{ start: 5, end: 7 }} label="a.py" />);
    expect(highlighted(container)).toEqual([5, 6, 7]);
    expect(container.querySelector('[data-line="5"]')?.textContent).toContain('line 5');
    expect(screen.getByRole('group').getAttribute('aria-label')).toBe('a.py — lines 5–7 highlighted');
  });

  it('numbers lines from where a snippet starts', () => {
    const { container } = renderWithI18n(<CodeView code={'a\nb\nc'} firstLine={40} highlight={{ start: 41, end: 41 }} label="s.js" />);
    expect(rendered(container)).toEqual([40, 41, 42]);
    expect(highlighted(container)).toEqual([41]);
    expect(container.querySelector('[data-line="41"]')?.textContent).toMatch(/^41.*b$/);
  });

  it('highlights nothing without a range', () => {
    const { container } = renderWithI18n(<CodeView code={lines(3)} label="x" />);
    expect(highlighted(container)).toEqual([]);
    expect(rendered(container)).toEqual([1, 2, 3]);
  });

  it('renders a long file as a window around the highlight and moves the window on request', () => {
    const { container } = renderWithI18n(<CodeView code={lines(5000)} highlight={{ start: 3000, end: 3001 }} windowLines={100} label="big.ts" />);
    const shown = rendered(container);
    expect(shown.length).toBe(100);
    expect(shown).toContain(3000);
    expect(shown).toContain(3001);
    expect(highlighted(container)).toEqual([3000, 3001]);
    fireEvent.click(screen.getByRole('button', { name: /earlier lines/ }));
    const earlier = rendered(container);
    expect(earlier.length).toBe(100);
    expect(earlier[0]).toBeLessThan(shown[0]!);
    fireEvent.click(screen.getByRole('button', { name: /later lines/ }));
    fireEvent.click(screen.getByRole('button', { name: /later lines/ }));
    expect(rendered(container)[0]).toBeGreaterThan(shown[0]!);
  });

  it('shows the first lines of a long file without a highlight, with no earlier-lines button', () => {
    const { container } = renderWithI18n(<CodeView code={lines(1000)} windowLines={50} label="x" />);
    expect(rendered(container)[0]).toBe(1);
    expect(rendered(container).length).toBe(50);
    expect(screen.queryByRole('button', { name: /earlier lines/ })).toBeNull();
    expect(screen.getByRole('button', { name: /later lines/ })).toBeTruthy();
  });

  it('splits lines as the server does and keeps windows inside the file', () => {
    expect(codeLines('a\r\nb\rc\n')).toEqual(['a', 'b', 'c']);
    expect(windowStart(5000, 100, 4999)).toBe(4900);
    expect(windowStart(5000, 100, 10)).toBe(0);
    expect(windowStart(50, 100, 40)).toBe(0);
  });
});
