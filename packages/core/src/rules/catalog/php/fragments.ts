/** ast-grep rule fragments for the PHP grammar. */

// PHP patterns only parse inside `<?php`; the selector picks the call out of the wrapping statement.
/** A function-call pattern, e.g. `phpCall('md5($X)')`. */
export const phpCall = (call: string) => ({ pattern: { context: `<?php ${call};`, selector: 'function_call_expression' } });
/** A method-call pattern, e.g. `phpMethod('$DB->query($SQL)')`. */
export const phpMethod = (call: string) => ({ pattern: { context: `<?php ${call};`, selector: 'member_call_expression' } });
/** A static-call pattern, e.g. `phpStatic('DB::select($SQL)')`. */
export const phpStatic = (call: string) => ({ pattern: { context: `<?php ${call};`, selector: 'scoped_call_expression' } });

/** A constant: a string without interpolation, a number, a boolean or null. */
export const phpLiteral = {
  any: [
    { kind: 'string' },
    { kind: 'encapsed_string', not: { has: { any: [{ kind: 'variable_name' }, { kind: 'member_access_expression' }, { kind: 'subscript_expression' }, { kind: 'dynamic_variable_name' }], stopBy: 'end' } } },
    { kind: 'integer' },
    { kind: 'float' },
    { kind: 'boolean' },
    { kind: 'null' },
  ],
};

/** A string assembled at run time: interpolation, `.` concatenation with a non-literal, or sprintf(). */
export const phpBuiltString = {
  any: [
    { kind: 'encapsed_string', has: { any: [{ kind: 'variable_name' }, { kind: 'member_access_expression' }, { kind: 'subscript_expression' }], stopBy: 'end' } },
    { kind: 'heredoc', has: { kind: 'variable_name', stopBy: 'end' } },
    {
      kind: 'binary_expression',
      all: [
        { has: { field: 'operator', regex: '^\\.$' } },
        { any: [{ has: { field: 'left', not: phpLiteral } }, { has: { field: 'right', not: phpLiteral } }] },
      ],
    },
    { kind: 'function_call_expression', regex: '^(sprintf|vsprintf|implode|str_replace)\\(' },
  ],
};

/** Values that count as "off": false, 0, '0'. */
export const phpFalse = `^(false|FALSE|False|0|'0'|"0")$`;

/**
 * Meta-variables in PHP call patterns bind the `argument` wrapper node, not the expression inside it; this
 * lifts an expression rule so it applies to either.
 */
export const phpArg = (rule: Record<string, unknown>) => ({ any: [rule, { kind: 'argument', has: rule }] });

/**
 * `$$$` cannot follow a meta-variable without a comma in PHP patterns, and `$A, $$$R` needs two arguments, so
 * "these arguments, then maybe more" is two patterns: `phpCallsWithTail(phpCall, 'f', '$A')` matches `f($a)` and
 * `f($a, $b, ...)`. `extra` is merged into both (e.g. a `not` clause).
 */
export function phpCallsWithTail(
  make: (call: string) => Record<string, unknown>,
  callee: string,
  args: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown>[] {
  return [{ ...make(`${callee}(${args})`), ...extra }, { ...make(`${callee}(${args}, $$$REST)`), ...extra }];
}
