/**
 * Evaluates Terraform expressions the way Terraform will, as far as their value is known at synth:
 * literals (`${true}`, `${"HTTPS"}`, `${3306}`), templates made of literals (`"HT${"TPS"}"`),
 * references to locals whose value is itself known (`${local.protocol}`), operators, conditionals and
 * a handful of pure functions (`tobool`, `lower`, `join`, `format`, `jsonencode`...). Anything that
 * depends on a resource, a data source, a variable (tfvars and `TF_VAR_` can override any default),
 * `count`/`each` or an unsupported construct stays **unknown**, and the guard keeps the original
 * `${...}` text so that rules can still see what it refers to.
 *
 * The guard resolves every block's configuration with this before a rule reads it, so that
 * `storage_encrypted = "${false}"` is judged as `false`, not as "an expression, decided at apply".
 */

/** A value only known at apply. */
export const UNKNOWN: unique symbol = Symbol('unknown');

export type TfValue = null | boolean | number | string | TfValue[] | { [key: string]: TfValue };
type Value = TfValue | typeof UNKNOWN;

/** What an expression may refer to besides literals. */
export interface ExpressionScope {
  /** The `locals` of the stack, as synthesized (values may be expressions themselves). */
  readonly locals?: Readonly<Record<string, unknown>>;
}

/** Input the parser does not support (for expressions, heredocs, directives...): the value is unknown. */
class Unsupported extends Error {}
/** A Terraform evaluation error (bad conversion, null in a template...): `try()` catches it. */
class EvalError extends Error {}

type Obj = { [key: string]: TfValue };
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function toStr(v: TfValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new EvalError(`cannot convert ${v === null ? 'null' : Array.isArray(v) ? 'a list' : 'an object'} to string`);
}

function toBool(v: TfValue): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new EvalError(`cannot convert ${JSON.stringify(v)} to bool`);
}

function toNum(v: TfValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  throw new EvalError(`cannot convert ${JSON.stringify(v)} to number`);
}

function equal(a: TfValue, b: TfValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && equal(a[k], b[k]));
  }
  return false;
}

function sortedJson(v: TfValue): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (isObj(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function format(spec: string, args: TfValue[]): string {
  let i = 0;
  return spec.replace(/%(%|[-+# 0]*\d*(?:\.\d+)?[sdvqtfb])/g, (_m, verb: string) => {
    if (verb === '%') return '%';
    const arg = args[i++];
    if (arg === undefined) throw new EvalError('format: not enough arguments');
    const v = verb.slice(-1);
    if (v === 'd') return String(Math.trunc(toNum(arg)));
    if (v === 'q') return JSON.stringify(toStr(arg));
    if (v === 'v' && typeof arg !== 'string' && typeof arg !== 'number' && typeof arg !== 'boolean') return sortedJson(arg);
    if (v === 't') return String(toBool(arg));
    return toStr(arg);
  });
}

/** Pure functions whose result is known when their arguments are. */
const FUNCTIONS: Readonly<Record<string, (args: TfValue[]) => TfValue>> = {
  tobool: ([v]) => (v === null ? null : toBool(v)),
  tostring: ([v]) => (v === null ? null : toStr(v)),
  tonumber: ([v]) => (v === null ? null : toNum(v)),
  tolist: ([v]) => (Array.isArray(v) ? v : (() => { throw new EvalError('tolist needs a list'); })()),
  toset: ([v]) => (Array.isArray(v) ? v.filter((x, i) => v.findIndex((y) => equal(x, y)) === i) : (() => { throw new EvalError('toset needs a list'); })()),
  nonsensitive: ([v]) => v,
  sensitive: ([v]) => v,
  lower: ([v]) => toStr(v).toLowerCase(),
  upper: ([v]) => toStr(v).toUpperCase(),
  trimspace: ([v]) => toStr(v).trim(),
  join: ([sep, ...lists]) => lists.flatMap((l) => (Array.isArray(l) ? l : [l])).map(toStr).join(toStr(sep)),
  concat: (lists) => lists.flatMap((l) => (Array.isArray(l) ? l : (() => { throw new EvalError('concat needs lists'); })())),
  format: ([spec, ...args]) => format(toStr(spec), args),
  coalesce: (args) => {
    const found = args.find((a) => a !== null && a !== '');
    if (found === undefined) throw new EvalError('coalesce: no non-null argument');
    return found;
  },
  element: ([list, index]) => {
    if (!Array.isArray(list) || list.length === 0) throw new EvalError('element needs a non-empty list');
    return list[((Math.trunc(toNum(index)) % list.length) + list.length) % list.length];
  },
  lookup: ([map, key, fallback]) => {
    if (!isObj(map)) throw new EvalError('lookup needs a map');
    const k = toStr(key);
    if (k in map) return map[k];
    if (fallback === undefined) throw new EvalError(`lookup: no key ${k}`);
    return fallback;
  },
  merge: (maps) => Object.assign({}, ...maps.map((m) => (m === null ? {} : isObj(m) ? m : (() => { throw new EvalError('merge needs maps'); })()))),
  length: ([v]) => (typeof v === 'string' ? [...v].length : Array.isArray(v) ? v.length : isObj(v) ? Object.keys(v).length : (() => { throw new EvalError('length needs a collection'); })()),
  replace: ([s, find, repl]) => {
    const f = toStr(find);
    if (f.startsWith('/') && f.endsWith('/') && f.length > 1) throw new Unsupported('regex replace');
    return toStr(s).split(f).join(toStr(repl));
  },
  jsonencode: ([v]) => sortedJson(v),
};

/** Functions handled by the parser itself (lazy arguments). */
const SPECIAL = new Set(['try', 'can']);

class Parser {
  private pos = 0;
  private readonly localStack: Set<string>;

  constructor(
    private readonly text: string,
    private readonly scope: ExpressionScope,
    private readonly memo: Map<string, Value>,
    resolving: Set<string>,
  ) {
    this.localStack = resolving;
  }

  /** Parses the whole text as a template (the content of a JSON string). */
  template(end?: string): Value {
    const parts: Value[] = [];
    let literal = '';
    let only: Value | undefined;
    let pieces = 0;
    const t = this.text;
    while (this.pos < t.length) {
      if (end !== undefined && t.startsWith(end, this.pos)) break;
      const c = t[this.pos];
      if (end === '"' && c === '\\') {
        literal += this.escape();
        continue;
      }
      if ((c === '$' || c === '%') && t[this.pos + 1] === c && t[this.pos + 2] === '{') {
        literal += `${c}{`;
        this.pos += 3;
        continue;
      }
      if (c === '%' && t[this.pos + 1] === '{') throw new Unsupported('template directive');
      if (c === '$' && t[this.pos + 1] === '{') {
        this.pos += 2;
        if (t[this.pos] === '~') this.pos++;
        const value = this.expression();
        this.ws();
        if (t[this.pos] === '~') this.pos++;
        this.expect('}');
        if (literal !== '') {
          parts.push(literal);
          pieces++;
          literal = '';
        }
        parts.push(value);
        pieces++;
        only = value;
        continue;
      }
      literal += c;
      this.pos++;
    }
    if (literal !== '') {
      parts.push(literal);
      pieces++;
    }
    // A template that is one interpolation and nothing else yields the value itself, typed.
    if (pieces === 1 && only !== undefined) return only;
    if (parts.some((p) => p === UNKNOWN)) return UNKNOWN;
    return (parts as TfValue[]).map(toStr).join('');
  }

  private escape(): string {
    const t = this.text;
    const next = t[this.pos + 1];
    this.pos += 2;
    switch (next) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '"':
        return '"';
      case '\\':
        return '\\';
      case 'u': {
        const hex = t.slice(this.pos, this.pos + 4);
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        throw new Unsupported(`escape \\${next}`);
    }
  }

  private ws(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  private peek(s: string): boolean {
    this.ws();
    return this.text.startsWith(s, this.pos);
  }

  private accept(s: string): boolean {
    if (!this.peek(s)) return false;
    this.pos += s.length;
    return true;
  }

  private expect(s: string): void {
    if (!this.accept(s)) throw new Unsupported(`expected ${s} at ${this.pos}`);
  }

  expression(): Value {
    const cond = this.binary(0);
    if (this.accept('?')) {
      const a = this.expression();
      this.expect(':');
      const b = this.expression();
      if (cond === UNKNOWN) return UNKNOWN;
      return toBool(cond) ? a : b;
    }
    return cond;
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['==', '!='], ['<=', '>=', '<', '>'], ['+', '-'], ['*', '/', '%']];

  private binary(level: number): Value {
    if (level >= Parser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      this.ws();
      const op = Parser.LEVELS[level].find((o) => this.text.startsWith(o, this.pos) && !(o === '<' && this.text[this.pos + 1] === '<'));
      if (!op) return left;
      this.pos += op.length;
      const right = this.binary(level + 1);
      left = left === UNKNOWN || right === UNKNOWN ? UNKNOWN : Parser.apply(op, left, right);
    }
  }

  private static apply(op: string, a: TfValue, b: TfValue): TfValue {
    switch (op) {
      case '||':
        return toBool(a) || toBool(b);
      case '&&':
        return toBool(a) && toBool(b);
      case '==':
        return equal(a, b);
      case '!=':
        return !equal(a, b);
      case '<':
        return toNum(a) < toNum(b);
      case '>':
        return toNum(a) > toNum(b);
      case '<=':
        return toNum(a) <= toNum(b);
      case '>=':
        return toNum(a) >= toNum(b);
      case '+':
        return toNum(a) + toNum(b);
      case '-':
        return toNum(a) - toNum(b);
      case '*':
        return toNum(a) * toNum(b);
      case '/':
        return toNum(a) / toNum(b);
      default:
        return toNum(a) % toNum(b);
    }
  }

  private unary(): Value {
    if (this.accept('!')) {
      const v = this.unary();
      return v === UNKNOWN ? UNKNOWN : !toBool(v);
    }
    if (this.peek('-') && !/\d/.test(this.text[this.pos + 1] ?? '')) {
      this.pos++;
      const v = this.unary();
      return v === UNKNOWN ? UNKNOWN : -toNum(v);
    }
    return this.postfix(this.primary());
  }

  /** `.attr`, `[index]`; splats make the value unknown. */
  private postfix(value: Value): Value {
    let v = value;
    for (;;) {
      this.ws();
      const t = this.text;
      if (t[this.pos] === '.' && t[this.pos + 1] === '*') {
        this.pos += 2;
        v = UNKNOWN;
      } else if (t[this.pos] === '.' && /[A-Za-z_]/.test(t[this.pos + 1] ?? '')) {
        this.pos++;
        const name = this.identifier();
        v = v === UNKNOWN ? UNKNOWN : Parser.index(v, name);
      } else if (t[this.pos] === '.' && /\d/.test(t[this.pos + 1] ?? '')) {
        this.pos++;
        const n = /^\d+/.exec(t.slice(this.pos))![0];
        this.pos += n.length;
        v = v === UNKNOWN ? UNKNOWN : Parser.index(v, Number(n));
      } else if (t[this.pos] === '[') {
        this.pos++;
        if (this.accept('*')) {
          this.expect(']');
          v = UNKNOWN;
          continue;
        }
        const key = this.expression();
        this.expect(']');
        v = v === UNKNOWN || key === UNKNOWN ? UNKNOWN : Parser.index(v, key);
      } else {
        return v;
      }
    }
  }

  private static index(v: TfValue, key: TfValue): TfValue {
    if (Array.isArray(v)) {
      const i = toNum(key);
      if (!(i in v)) throw new EvalError(`index ${i} out of range`);
      return v[i];
    }
    if (isObj(v)) {
      const k = toStr(key);
      if (!(k in v)) throw new EvalError(`no attribute ${k}`);
      return v[k];
    }
    throw new EvalError('cannot index a primitive value');
  }

  private identifier(): string {
    const m = /^[A-Za-z_][\w-]*/.exec(this.text.slice(this.pos));
    if (!m) throw new Unsupported(`expected a name at ${this.pos}`);
    this.pos += m[0].length;
    return m[0];
  }

  private primary(): Value {
    this.ws();
    const t = this.text;
    const c = t[this.pos];
    if (c === undefined) throw new Unsupported('unexpected end');
    if (c === '"') {
      this.pos++;
      const v = this.template('"');
      this.expect('"');
      return v;
    }
    if (c === '(') {
      this.pos++;
      const v = this.expression();
      this.expect(')');
      return v;
    }
    if (c === '[') {
      this.pos++;
      if (this.peek('for ') || this.peek('for\t')) throw new Unsupported('for expression');
      const items: Value[] = [];
      while (!this.accept(']')) {
        items.push(this.expression());
        if (!this.accept(',')) {
          this.expect(']');
          break;
        }
      }
      return items.some((i) => i === UNKNOWN) ? UNKNOWN : (items as TfValue[]);
    }
    if (c === '{') {
      this.pos++;
      if (this.peek('for ')) throw new Unsupported('for expression');
      const out: Obj = {};
      let unknown = false;
      while (!this.accept('}')) {
        this.ws();
        let key: Value;
        if (/[A-Za-z_]/.test(t[this.pos]) && !/^(true|false|null)\b/.test(t.slice(this.pos))) {
          const save = this.pos;
          const name = this.identifier();
          this.ws();
          if (t[this.pos] === '=' || t[this.pos] === ':') key = name;
          else {
            this.pos = save;
            key = this.expression();
          }
        } else key = this.expression();
        if (!this.accept('=')) this.expect(':');
        const value = this.expression();
        if (key === UNKNOWN || value === UNKNOWN) unknown = true;
        else out[toStr(key)] = value;
        this.accept(',');
      }
      return unknown ? UNKNOWN : out;
    }
    if (c === '<' && t[this.pos + 1] === '<') throw new Unsupported('heredoc');
    const num = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(t.slice(this.pos));
    if (num) {
      this.pos += num[0].length;
      return Number(num[0]);
    }
    if (c === '-' && /\d/.test(t[this.pos + 1] ?? '')) {
      this.pos++;
      const n = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(t.slice(this.pos))![0];
      this.pos += n.length;
      return -Number(n);
    }
    const name = this.identifier();
    if (name === 'true') return true;
    if (name === 'false') return false;
    if (name === 'null') return null;
    this.ws();
    if (t[this.pos] === '(') return this.call(name);
    if (name === 'local' && t[this.pos] === '.') {
      this.pos++;
      return this.local(this.identifier());
    }
    // var, data, resources, each, count, path, module, self, terraform: known at apply only.
    return UNKNOWN;
  }

  private call(name: string): Value {
    this.pos++; // (
    if (SPECIAL.has(name)) {
      const results: { value?: Value; error?: boolean }[] = [];
      while (!this.accept(')')) {
        try {
          results.push({ value: this.expression() });
        } catch (err) {
          if (!(err instanceof EvalError)) throw err;
          results.push({ error: true });
          this.skipArgument();
        }
        if (!this.accept(',')) {
          this.expect(')');
          break;
        }
      }
      if (name === 'can') {
        const [r] = results;
        return r?.error ? false : r?.value === UNKNOWN ? UNKNOWN : true;
      }
      for (const r of results) {
        if (r.error) continue;
        return r.value!;
      }
      throw new EvalError('try: every argument failed');
    }
    const args: Value[] = [];
    while (!this.accept(')')) {
      args.push(this.expression());
      if (this.accept('...')) throw new Unsupported('argument expansion');
      if (!this.accept(',')) {
        this.expect(')');
        break;
      }
    }
    const fn = FUNCTIONS[name];
    if (!fn || args.some((a) => a === UNKNOWN)) return UNKNOWN;
    return fn(args as TfValue[]);
  }

  /** After an argument failed to evaluate: skips to the next `,` or `)` at depth 0. */
  private skipArgument(): void {
    let depth = 0;
    let inString = false;
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos];
      if (inString) {
        if (c === '\\') this.pos++;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) {
        if (depth === 0) return;
        depth--;
      } else if (c === ',' && depth === 0) return;
    }
  }

  private local(name: string): Value {
    const memo = this.memo.get(name);
    if (memo !== undefined) return memo;
    const locals = this.scope.locals ?? {};
    if (!Object.prototype.hasOwnProperty.call(locals, name) || this.localStack.has(name)) return UNKNOWN;
    this.localStack.add(name);
    try {
      const value = evaluateValue(locals[name], this.scope, this.memo, this.localStack);
      this.memo.set(name, value);
      return value;
    } finally {
      this.localStack.delete(name);
    }
  }
}

function evaluateString(text: string, scope: ExpressionScope, memo: Map<string, Value>, resolving: Set<string>): Value {
  if (!text.includes('${') && !text.includes('%{')) return text;
  try {
    const parser = new Parser(text, scope, memo, resolving);
    return parser.template();
  } catch (err) {
    if (err instanceof Unsupported || err instanceof EvalError) return UNKNOWN;
    throw err;
  }
}

function evaluateValue(v: unknown, scope: ExpressionScope, memo: Map<string, Value>, resolving: Set<string>): Value {
  if (typeof v === 'string') return evaluateString(v, scope, memo, resolving);
  if (Array.isArray(v)) {
    const items = v.map((x) => evaluateValue(x, scope, memo, resolving));
    return items.some((i) => i === UNKNOWN) ? UNKNOWN : (items as TfValue[]);
  }
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      const r = evaluateValue(x, scope, memo, resolving);
      if (r === UNKNOWN) return UNKNOWN;
      out[k] = r;
    }
    return out;
  }
  return v === undefined ? null : (v as TfValue);
}

/**
 * The value of one attribute as Terraform will compute it, or `UNKNOWN` when it depends on
 * something only known at apply. `"${false}"` → `false`, `"${local.p}"` → the local's value,
 * `"arn:${data.aws_partition.p.partition}:..."` → `UNKNOWN`.
 */
export function evaluateExpression(value: unknown, scope: ExpressionScope = {}): TfValue | typeof UNKNOWN {
  return evaluateValue(value, scope, new Map(), new Set());
}

/**
 * A resolver for one stack: replaces every literal-valued expression in a configuration by its value
 * and leaves the others (unknown at synth) as they were synthesized.
 */
export function expressionResolver(scope: ExpressionScope): <T>(config: T) => T {
  const memo = new Map<string, Value>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (!v.includes('${') && !v.includes('%{')) return v;
      const r = evaluateString(v, scope, memo, new Set());
      // A result that still reads like an expression (an escaped `$${`) keeps the synthesized text.
      if (r === UNKNOWN || (typeof r === 'string' && r.includes('${'))) return v;
      return r;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return <T>(config: T): T => walk(config) as T;
}
