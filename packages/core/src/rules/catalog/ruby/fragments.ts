/** ast-grep rule fragments for the Ruby grammar. */

/** A constant: a string or symbol without interpolation, a number, true/false/nil. */
export const rbLiteral = {
  any: [
    { kind: 'string', not: { has: { kind: 'interpolation' } } },
    { kind: 'simple_symbol' },
    { kind: 'integer' },
    { kind: 'float' },
    { kind: 'true' },
    { kind: 'false' },
    { kind: 'nil' },
  ],
};

/** A string assembled at run time: interpolation, `+` with a string and a non-literal, or `format`/`%`. */
export const rbBuiltString = {
  any: [
    { kind: 'string', has: { kind: 'interpolation' } },
    { kind: 'heredoc_body', has: { kind: 'interpolation' } },
    {
      kind: 'binary',
      all: [
        { has: { field: 'operator', regex: '^[+%]$' } },
        { has: { field: 'left', kind: 'string' } },
        { has: { field: 'right', not: rbLiteral } },
      ],
    },
    { kind: 'call', regex: '^(format|sprintf)\\(' },
  ],
};

/** A call whose method name matches `methods` (a regex alternation) and that meets every extra condition. */
export const rbCallTo = (methods: string, ...conditions: Record<string, unknown>[]) => ({
  kind: 'call',
  all: [{ has: { field: 'method', regex: `^(${methods})$` } }, ...conditions],
});

/** Condition: the first argument of a call satisfies `rule` (combine with `all`, not by spreading). */
export const rbFirstArgument = (rule: Record<string, unknown>) => ({ has: { field: 'arguments', has: { nthChild: 1, ...rule } } });

/** A hash pair `key: value` or `:key => value` (regex over its text). */
export const rbPair = (key: string, value: string) => ({ kind: 'pair', regex: `^(:?(${key}):|:(${key})\\s*=>|['"](${key})['"]\\s*=>)\\s*(${value})$` });
