import { blocks, literalString, RuleContext, referencedAddresses, stringList } from './synthesized';

/** One normalized IAM/KMS/S3 policy statement. */
export interface PolicyStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  /** `*` for anyone, else `<type>:<identifier>` (e.g. `AWS:arn:aws:iam::123:root`, `Service:logs.amazonaws.com`). */
  readonly principals: readonly string[];
  /** Condition keys with their operator and values, e.g. `{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }`. */
  readonly conditions: readonly { test: string; variable: string; values: readonly string[] }[];
}

/** Statements of a policy, or `unknown` when it is built by an expression the guard cannot read. */
export type PolicyDocument = readonly PolicyStatement[] | 'unknown' | 'absent';

function principalsOfJson(p: unknown): string[] {
  if (p === undefined) return [];
  if (p === '*') return ['*'];
  if (p && typeof p === 'object' && !Array.isArray(p)) {
    const out: string[] = [];
    for (const [type, ids] of Object.entries(p as Record<string, unknown>)) {
      for (const id of stringList(ids)) out.push(id === '*' ? '*' : `${type}:${id}`);
    }
    return out;
  }
  return [];
}

function fromJson(text: string): PolicyDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return 'unknown';
  }
  const raw = (doc as { Statement?: unknown })?.Statement;
  const statements = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return statements.map((s: Record<string, unknown>) => {
    const conditions: { test: string; variable: string; values: string[] }[] = [];
    const cond = s.Condition as Record<string, Record<string, unknown>> | undefined;
    for (const [test, byKey] of Object.entries(cond ?? {})) {
      for (const [variable, values] of Object.entries(byKey ?? {})) {
        conditions.push({ test, variable, values: stringList(values).concat(typeof values === 'boolean' ? [String(values)] : []) });
      }
    }
    return {
      effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
      actions: stringList(s.Action),
      principals: principalsOfJson(s.Principal),
      conditions,
    };
  });
}

function fromPolicyDocumentData(config: Readonly<Record<string, unknown>>): PolicyStatement[] {
  return blocks(config.statement).map((s) => ({
    effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
    actions: stringList(s.actions),
    principals: blocks(s.principals).flatMap((p) =>
      stringList(p.identifiers).map((id) => (id === '*' && (p.type === 'AWS' || p.type === '*') ? '*' : `${String(p.type)}:${id}`)),
    ),
    conditions: blocks(s.condition).map((c) => ({ test: String(c.test), variable: String(c.variable), values: stringList(c.values) })),
  }));
}

/**
 * Reads a policy attribute: a JSON document (literal, or with `${...}` references inside its strings,
 * such as a resource ARN: the statements' effects, actions and conditions are still literal), or a
 * reference to a `data.aws_iam_policy_document` of the same stack. Anything else is `unknown`.
 */
export function readPolicy(value: unknown, context: RuleContext): PolicyDocument {
  if (value === undefined || value === null || value === '') return 'absent';
  const literal = literalString(value);
  if (literal !== undefined) return fromJson(literal);
  if (typeof value === 'string' && value.trim().startsWith('{')) return fromJson(value);
  if (typeof value === 'string' && /^\$\{data\.aws_iam_policy_document\.[\w-]+\.json\}$/.test(value)) {
    const doc = context.byAddress(referencedAddresses(value)[0]);
    if (doc) return fromPolicyDocumentData(doc.config);
  }
  return 'unknown';
}
