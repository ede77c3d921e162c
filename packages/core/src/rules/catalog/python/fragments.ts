/** ast-grep rule fragments for the Python grammar. */

/** A constant: a string without interpolation, a number, a boolean or None. */
export const pyLiteral = {
  any: [
    { kind: 'string', not: { has: { kind: 'interpolation' } } },
    { kind: 'concatenated_string', not: { has: { kind: 'interpolation', stopBy: 'end' } } },
    { kind: 'integer' },
    { kind: 'float' },
    { kind: 'true' },
    { kind: 'false' },
    { kind: 'none' },
  ],
};

/** A string assembled at run time: f-string, `%` formatting, `.format()` or `+` with a string and a non-literal. */
export const pyBuiltString = {
  any: [
    { kind: 'string', has: { kind: 'interpolation' } },
    { kind: 'concatenated_string', has: { kind: 'interpolation', stopBy: 'end' } },
    { kind: 'binary_operator', all: [{ has: { field: 'operator', regex: '^%$' } }, { has: { field: 'left', any: [{ kind: 'string' }, { kind: 'concatenated_string' }] } }] },
    {
      kind: 'binary_operator',
      all: [
        { has: { field: 'operator', regex: '^\\+$' } },
        { has: { any: [{ kind: 'string' }, { kind: 'binary_operator' }] } },
        { any: [{ has: { field: 'left', not: pyLiteral } }, { has: { field: 'right', not: pyLiteral } }] },
      ],
    },
    {
      kind: 'call',
      has: { field: 'function', kind: 'attribute', all: [{ has: { field: 'object', any: [{ kind: 'string' }, { kind: 'concatenated_string' }] } }, { has: { field: 'attribute', regex: '^format$' } }] },
    },
  ],
};

/** A keyword argument `name=value` (regex over its text, whitespace-tolerant). */
export const pyKeyword = (name: string, value: string) => ({ kind: 'keyword_argument', regex: `^(${name})\\s*=\\s*(${value})$` });
