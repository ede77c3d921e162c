/** Recognising SQL in string literals, for the rules that flag SQL built from strings in every language. */

/** SQL keywords that make a string look like a statement (case-insensitive, across lines). */
export const sqlTextRegex =
  '(?is)(\\bselect\\b.+\\bfrom\\b|\\binsert\\s+into\\b|\\bupdate\\b.+\\bset\\b|\\bdelete\\s+from\\b|\\breplace\\s+into\\b|\\bmerge\\s+into\\b|\\b(create|drop|alter|truncate)\\s+(table|index|view|database)\\b|\\bwhere\\b.+[=<>]|\\border\\s+by\\b)';

/**
 * Content precondition for SQL rules (JavaScript regex, case-insensitive): a cheap superset of the statements
 * {@link sqlTextRegex} recognises, so files without SQL never reach the matcher.
 */
export const sqlContentPattern =
  '\\bselect\\b|\\binsert\\s+into\\b|\\bupdate\\b[\\s\\S]{0,200}?\\bset\\b|\\bdelete\\s+from\\b|\\b(replace|merge)\\s+into\\b|\\b(create|drop|alter|truncate)\\s+(table|index|view|database)\\b|\\bwhere\\b[\\s\\S]{0,200}?[=<>]|\\border\\s+by\\b';
