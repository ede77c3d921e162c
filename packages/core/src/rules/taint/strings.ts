import type { Const } from './ir.ts';

/**
 * Folds common string methods on constant receivers with constant arguments (the names are shared by
 * Java, C#, JavaScript and friends). Returns undefined when the call is not understood.
 */
export function foldStringMethod(
  name: string,
  s: string,
  args: readonly Const[],
): { value: Const } | undefined {
  const a0 = args[0];
  const a1 = args[1];
  const num = (v: Const | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
  switch (name) {
    case 'charAt': {
      const i = num(a0);
      return i === undefined ? undefined : { value: s.charAt(i) };
    }
    case 'substring':
    case 'Substring':
    case 'slice': {
      const i = num(a0);
      if (i === undefined) return undefined;
      const j = num(a1);
      if (a1 !== undefined && j === undefined) return undefined;
      if (name === 'Substring') return { value: j === undefined ? s.substring(i) : s.substr(i, j) };
      return { value: name === 'slice' ? s.slice(i, j) : s.substring(i, j) };
    }
    case 'toUpperCase':
    case 'ToUpper':
    case 'upper':
      return { value: s.toUpperCase() };
    case 'toLowerCase':
    case 'ToLower':
    case 'lower':
      return { value: s.toLowerCase() };
    case 'trim':
    case 'Trim':
    case 'strip':
      return { value: s.trim() };
    case 'length':
      return { value: s.length };
    case 'isEmpty':
      return { value: s.length === 0 };
    case 'equals':
    case 'Equals':
      return args.length === 1 ? { value: s === a0 } : undefined;
    case 'equalsIgnoreCase':
      return typeof a0 === 'string' ? { value: s.toLowerCase() === a0.toLowerCase() } : undefined;
    case 'indexOf':
    case 'IndexOf':
    case 'find':
      return typeof a0 === 'string' && args.length === 1 ? { value: s.indexOf(a0) } : undefined;
    case 'contains':
    case 'Contains':
    case 'includes':
      return typeof a0 === 'string' ? { value: s.includes(a0) } : undefined;
    case 'startsWith':
    case 'StartsWith':
    case 'startswith':
      return typeof a0 === 'string' ? { value: s.startsWith(a0) } : undefined;
    case 'endsWith':
    case 'EndsWith':
    case 'endswith':
      return typeof a0 === 'string' ? { value: s.endsWith(a0) } : undefined;
    case 'concat':
      return args.every((a) => typeof a === 'string') ? { value: s + args.join('') } : undefined;
    case 'toString':
    case 'ToString':
    case 'intern':
      return { value: s };
    case 'replace':
    case 'Replace':
    case 'replaceAll':
      return typeof a0 === 'string' && typeof a1 === 'string' && name !== 'replaceAll'
        ? { value: s.split(a0).join(a1) }
        : undefined;
    default:
      return undefined;
  }
}
