import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { renderWithI18n } from '../../test/render.tsx';
import { FindingView, safeHref, type FindingLike } from './finding-view.tsx';

const finding: FindingLike = {
  id: 'f1',
  title: 'SQL injection through string concatenation',
  description: 'User input reaches a SQL query.',
  severity: 'critical',
  category: 'security',
  cwe: [89, 564],
  rule_id: 'python.sqli.concat',
  analyzer: 'rules',
  confidence: 0.9,
  file_path: 'app/users.py',
  line_start: 11,
  line_end: 11,
  code_snippet: ['    conn = sqlite3.connect("app.db")', '    cur = conn.cursor()', '    cur.execute("SELECT * FROM users WHERE name = \'" + name + "\'")', '    return str(cur.fetchall())'].join('\n'),
  suggestion: 'Use a parameterised query.',
  fix_example: 'cur.execute("SELECT * FROM users WHERE name = ?", (name,))',
  explanation: { what: 'The query is built from input.', why: 'An attacker can read or change any row.', how: 'Pass values as parameters.', learn_more: 'https://owasp.org/www-community/attacks/SQL_Injection' },
  status: 'open',
  lifecycle: 'regressed',
};

describe('FindingView', () => {
  it('shows What, Why and How with their text', () => {
    renderWithI18n(<FindingView finding={finding} />);
    for (const [heading, text] of [['What', 'The query is built from input.'], ['Why it matters', 'An attacker can read or change any row.'], ['How to fix', 'Pass values as parameters.']] as const) {
      const section = screen.getByRole('heading', { name: heading }).closest('section')!;
      expect(within(section).getByText(text)).toBeTruthy();
    }
    expect(screen.getByRole('link', { name: 'Learn more' }).getAttribute('href')).toBe('https://owasp.org/www-community/attacks/SQL_Injection');
  });

  it('links every CWE to its entry', () => {
    renderWithI18n(<FindingView finding={finding} />);
    const links = screen.getAllByRole('link', { name: /^CWE-/ });
    expect(links.map((l) => l.textContent)).toEqual(['CWE-89', 'CWE-564']);
    expect(links[0]!.getAttribute('href')).toBe('https://cwe.mitre.org/data/definitions/89.html');
    expect(links[0]!.getAttribute('rel')).toContain('noopener');
  });

  it('shows the lifecycle badge, severity and location', () => {
    renderWithI18n(<FindingView finding={finding} />);
    expect(screen.getByText('Regressed').getAttribute('title')).toBe('Was fixed, came back');
    expect(screen.getByText('Critical')).toBeTruthy();
    expect(screen.getByText('app/users.py:11')).toBeTruthy();
  });

  it('highlights the finding line in its snippet, numbered from where the snippet starts', () => {
    const { container } = renderWithI18n(<FindingView finding={finding} />);
    const marked = [...container.querySelectorAll('[data-highlighted="true"]')].map((el) => el.getAttribute('data-line'));
    expect(marked).toEqual(['11']);
    expect(container.querySelector('[data-line="9"]')?.textContent).toContain('sqlite3.connect');
  });

  it('calls back with the new status, and is read-only without a callback', () => {
    const onStatusChange = vi.fn();
    const { unmount } = renderWithI18n(<FindingView finding={finding} onStatusChange={onStatusChange} />);
    fireEvent.change(screen.getByLabelText('Triage status'), { target: { value: 'false_positive' } });
    expect(onStatusChange).toHaveBeenCalledWith('false_positive');
    unmount();
    renderWithI18n(<FindingView finding={finding} />);
    expect(screen.queryByLabelText('Triage status')).toBeNull();
  });

  it('never turns a model-written link into a script URL', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
    renderWithI18n(<FindingView finding={{ ...finding, explanation: { ...finding.explanation!, learn_more: 'javascript:alert(1)' } }} />);
    expect(screen.queryByRole('link', { name: 'Learn more' })).toBeNull();
  });

  it('speaks Chinese when the UI does', () => {
    renderWithI18n(<FindingView finding={finding} onStatusChange={() => undefined} />, 'zh-CN');
    expect(screen.getByRole('heading', { name: '原因' })).toBeTruthy();
    expect(screen.getByText('严重')).toBeTruthy();
    expect(screen.getByLabelText('处理状态')).toBeTruthy();
  });
});
