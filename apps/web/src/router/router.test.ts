import { describe, expect, it } from 'vitest';
import { matchPath } from './router.tsx';
import { nextPath } from '../pages/login.tsx';
import { detectLanguage } from '../lib/language-detect.ts';

describe('router and helpers', () => {
  it('matches patterns with params', () => {
    expect(matchPath('/projects/:id', '/projects/abc')).toEqual({ id: 'abc' });
    expect(matchPath('/projects/:id', '/projects/a%20b/')).toEqual({ id: 'a b' });
    expect(matchPath('/projects/:id', '/projects')).toBeNull();
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/x/:id', '/x/%E0%A4%A')).toBeNull();
  });

  it('only follows `next` to paths of this app', () => {
    expect(nextPath(new URLSearchParams('next=/tasks/1'))).toBe('/tasks/1');
    expect(nextPath(new URLSearchParams('next=//evil.example'))).toBe('/');
    expect(nextPath(new URLSearchParams('next=https://evil.example'))).toBe('/');
  });

  it('guesses a language from the file name first, then the content', () => {
    expect(detectLanguage('anything', 'a.py')).toBe('python');
    expect(detectLanguage('import os\nos.system(cmd)\n')).toBe('python');
    expect(detectLanguage('<?php echo $_GET["x"];')).toBe('php');
    expect(detectLanguage('const x = require("fs");')).toBe('javascript');
    expect(detectLanguage('package main\nfunc main() {}')).toBe('go');
    expect(detectLanguage('hello')).toBeNull();
  });
});
