// Table Schema `constraints.pattern` is matched with RE2 (re2js, a pure-JavaScript port),
// whose matching time grows linearly with the value, whatever the pattern. JavaScript's own
// engine backtracks: a pattern with nested quantifiers such as `(a+)+$` takes minutes on a
// 33-character value, and one pushed value would block the live server for everyone.
//
// Frictionless patterns are XML Schema regular expressions, implicitly anchored: the whole
// value must match. RE2 covers that dialect (classes, quantifiers, groups, alternation) and
// refuses what XML Schema does not have either: backreferences and lookarounds.

import { RE2JS } from 're2js';

/** Spec: the pattern must match the whole value. */
export function anchoredPattern(pattern: string): string {
  return `^(?:${pattern})$`;
}

/** A compiled pattern; `test` runs in time linear in the value. */
export interface LinearPattern {
  test(value: string): boolean;
}

/**
 * Patterns compiled so far, by source: a catalog repeats the same few patterns in thousands of
 * schemas, and each is checked (twice) whenever a schema is loaded, in every build process.
 * A compiled RE2JS pattern holds no state between calls, so one object serves every caller.
 * Bounded: emptied when it reaches MAX_COMPILED different patterns.
 */
const compiled = new Map<string, LinearPattern>();
const MAX_COMPILED = 2000;

/** Compile a regular expression with RE2; throws an Error with a readable reason when RE2 refuses it. */
export function compileLinear(source: string): LinearPattern {
  const known = compiled.get(source);
  if (known) return known;
  let pattern: LinearPattern;
  try {
    pattern = RE2JS.compile(source);
  } catch (e) {
    throw new Error(patternProblem(e as Error));
  }
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(source, pattern);
  return pattern;
}

/** Why a pattern was refused, in words a publisher can act on. */
function patternProblem(e: Error): string {
  const m = e.message.replace(/^error parsing regexp: /, '');
  if (/invalid or unsupported Perl syntax: `\(\?[=!<]/.test(m))
    return `${m}: lookahead and lookbehind are not part of Table Schema patterns (XML Schema regular expressions); describe the allowed values directly`;
  if (/invalid escape sequence: `\\[1-9]/.test(m)) return `${m}: backreferences are not part of Table Schema patterns (XML Schema regular expressions)`;
  return m;
}

/**
 * The engine ajv uses for the `pattern` keyword (ajv's `code.regExp` option), so constraints are
 * checked in linear time too. `code` is only used by ajv's standalone code generation.
 */
export const linearRegExpEngine = Object.assign((pattern: string) => compileLinear(pattern), {
  code: 'require("re2js").RE2JS.compile',
});
