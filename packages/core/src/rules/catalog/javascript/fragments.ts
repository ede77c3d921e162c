/** ast-grep rule fragments for the JavaScript and TypeScript grammars, shared by the rules of this folder. */

/** A string or template without substitutions: a constant. */
export const jsLiteral = {
  any: [
    { kind: 'string' },
    { kind: 'number' },
    { kind: 'template_string', not: { has: { kind: 'template_substitution' } } },
  ],
};

/** A string assembled at run time: a template with `${...}` or `+` with a string on one side and a non-literal. */
export const jsBuiltString = {
  any: [
    { kind: 'template_string', has: { kind: 'template_substitution' } },
    {
      all: [
        { kind: 'binary_expression' },
        { has: { field: 'operator', regex: '^\\+$' } },
        { has: { any: [{ kind: 'string' }, { kind: 'template_string' }, { kind: 'binary_expression' }] } },
        { any: [{ has: { field: 'left', not: jsLiteral } }, { has: { field: 'right', not: jsLiteral } }] },
      ],
    },
  ],
};

/** An expression that is neither a constant nor visibly sanitised/escaped. */
export const jsUnsanitizedValue = {
  not: { any: [jsLiteral, { regex: '(?i)(saniti[sz]|purif|escape|encode|dompurify|xss\\()' }] },
};

/** A value computed at run time: a variable, property, call, concatenation or template with substitutions. */
export const jsDynamicValue = {
  any: [
    { kind: 'identifier' },
    { kind: 'member_expression' },
    { kind: 'subscript_expression' },
    { kind: 'call_expression' },
    { kind: 'await_expression' },
    { kind: 'binary_expression' },
    { kind: 'template_string', has: { kind: 'template_substitution' } },
  ],
};
