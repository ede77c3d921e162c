/** ast-grep rule fragments for the C# grammar. */

const csString = { any: [{ kind: 'string_literal' }, { kind: 'verbatim_string_literal' }, { kind: 'raw_string_literal' }] };

/** A constant: a string without interpolation, a number, a boolean or null. */
export const csLiteral = {
  any: [
    csString,
    { kind: 'interpolated_string_expression', not: { has: { kind: 'interpolation' } } },
    { kind: 'integer_literal' },
    { kind: 'real_literal' },
    { kind: 'boolean_literal' },
    { kind: 'null_literal' },
  ],
};

/** A string assembled at run time: `$"...{x}"`, `+` with a string and a non-literal, string.Format/Concat. */
export const csBuiltString = {
  any: [
    { kind: 'interpolated_string_expression', has: { kind: 'interpolation' } },
    {
      kind: 'binary_expression',
      all: [
        { has: { field: 'operator', regex: '^\\+$' } },
        { has: { any: [csString, { kind: 'binary_expression' }, { kind: 'interpolated_string_expression' }] } },
        { any: [{ has: { field: 'left', not: csLiteral } }, { has: { field: 'right', not: csLiteral } }] },
      ],
    },
    { kind: 'invocation_expression', regex: '^[Ss]tring\\.(Format|Concat|Join)\\(' },
  ],
};

/** Condition: the call's or constructor's n-th argument (1-based) satisfies `rule`. */
export const csArgument = (position: number, rule: Record<string, unknown>) => ({
  has: { kind: 'argument_list', has: { kind: 'argument', nthChild: position, has: rule } },
});

/** An assignment `Name = value` (property, field or object-initializer member), by regex over its text. */
export const csAssign = (name: string, value: string) => ({
  kind: 'assignment_expression',
  regex: `^([\\w.]*\\.)?(${name})\\s*=\\s*(${value})$`,
});
