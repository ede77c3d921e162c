import type { Language } from '@xcr/contracts';
import { languageForExtension, languageForFileName, languageForInterpreter } from './language-table.ts';

/** `Dockerfile.prod`, `Dockerfile-dev`, `Containerfile.base`: the name carries the language, not the suffix. */
const dockerfileVariant = /^(?:Dockerfile|Containerfile)(?:[.-].+)?$/;

/** C++-only constructs that tell a C++ header from a C header when both use `.h`. */
const cppHeaderMarkers = /^\s*(?:namespace\s+\w+|template\s*<|class\s+\w+[^;]*\{|#include\s*<(?:string|vector|map|memory|iostream)>|using\s+namespace\s)/m;

/**
 * The language of a file, from its name and, when the name is not enough, from the start of its content
 * (`head`, e.g. the first few KB as UTF-8). Extensionless scripts are recognised by their shebang
 * (`#!/usr/bin/env python3`) and PHP files by `<?php`. Returns undefined for files in no known language
 * (plain text, Makefiles, licences), which selection then skips as unsupported.
 */
export function detectLanguage(path: string, head?: string): Language | undefined {
  const baseName = path.slice(path.lastIndexOf('/') + 1);
  const byName = languageForFileName(baseName);
  if (byName) return byName;
  if (dockerfileVariant.test(baseName)) return 'dockerfile';

  const extension = extensionOf(baseName);
  const byExtension = extension === undefined ? undefined : languageForExtension(extension);
  if (byExtension === 'c' && extension === 'h' && head !== undefined && cppHeaderMarkers.test(head)) return 'cpp';
  if (byExtension) return byExtension;

  // Content only decides for files whose name says nothing: `bin/deploy`, `hooks/pre-commit`.
  if (extension !== undefined || head === undefined) return undefined;
  return languageFromShebang(head) ?? (head.startsWith('<?php') ? 'php' : undefined);
}

/**
 * The lower-case extension of a base name, without the dot; undefined when there is none. A leading dot
 * marks a hidden file, not an extension (`.bashrc` has none; `.eslintrc.js` has `js`).
 */
export function extensionOf(baseName: string): string | undefined {
  const dot = baseName.lastIndexOf('.');
  if (dot <= 0 || dot === baseName.length - 1) return undefined;
  return baseName.slice(dot + 1).toLowerCase();
}

/** The language named by a `#!` first line, following `env` (with its `-S` and `VAR=value` arguments). */
export function languageFromShebang(head: string): Language | undefined {
  if (!head.startsWith('#!')) return undefined;
  const firstLine = head.slice(2, head.indexOf('\n') === -1 ? undefined : head.indexOf('\n'));
  const words = firstLine.trim().split(/\s+/).filter((word) => word.length > 0);
  let index = 0;
  if (words[0] !== undefined && baseNameOf(words[0]) === 'env') {
    index = 1;
    while (index < words.length && (words[index]!.startsWith('-') || words[index]!.includes('='))) index += 1;
  }
  const interpreter = words[index];
  return interpreter === undefined ? undefined : languageForInterpreter(baseNameOf(interpreter));
}

function baseNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
