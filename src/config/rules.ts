// Cross-field rules of a live dataset (live.rules in dataset.yaml): `field op field-or-number`,
// e.g. "lits_occupes <= lits_total". Parsed here so the content check and the server read them alike.

/** A rule as written: a field, an operator, a field or a number. */
export const RULE_SYNTAX = /^\s*([A-Za-z_][\w.-]*)\s*(<=|>=|!=|<|>|=)\s*([A-Za-z_][\w.-]*|-?\d+(?:\.\d+)?)\s*$/;

export type Operator = '<=' | '<' | '>=' | '>' | '=' | '!=';
export interface Rule {
  text: string;
  left: string;
  op: Operator;
  /** A field name, or a number to compare with. */
  right: string | number;
}

export function parseRule(text: string): Rule | undefined {
  const m = RULE_SYNTAX.exec(text);
  if (!m) return undefined;
  const right = /^-?\d/.test(m[3]!) ? Number(m[3]) : m[3]!;
  return { text: text.trim(), left: m[1]!, op: m[2] as Operator, right };
}
