/**
 * The synthesized view the rules read: each Terraform block of a stack exactly as it lands in
 * `cdk.tf.json` (provider classes, `addOverride` escape hatches and stack-level overrides merged,
 * tokens resolved to `${...}` expressions), with every expression whose value is known at synth
 * evaluated as Terraform will (`"${false}"` is `false`, `"${local.protocol}"` is the local's value:
 * see `expressions.ts`), plus small accessors. What stays a `${...}` string is **unknown** until
 * apply: a reference to another block, a variable, a data source. The accessors never count an
 * unknown value as compliant; a rule that accepts one (a reference to a key of the stack, a secret)
 * says why.
 */
import { expressionResolver } from './expressions';

/** Kind of Terraform block a rule looks at. */
/** `backend` is the stack's `terraform.backend.<type>` block (type `s3`, `local`...): where its state lives. */
export type BlockKind = 'resource' | 'data' | 'provider' | 'backend';

/** One synthesized Terraform block. */
export interface SynthResource {
  /** `resource`, `data` or `provider`. */
  readonly kind: BlockKind;
  /** Terraform type, e.g. `aws_db_instance` (the provider name for a provider block). */
  readonly type: string;
  /** Logical name in the JSON, e.g. `db_instance_4F1A2B3C` (the alias or `default` for providers). */
  readonly name: string;
  /** Terraform address, e.g. `aws_db_instance.db`, `data.aws_iam_policy_document.x`, `provider.aws`. */
  readonly address: string;
  /** Construct path of the element, e.g. `phi-us-east-1/db/instance`. */
  readonly path: string;
  /** Final configuration (snake_case, without cdktf's `//` metadata). */
  readonly config: Readonly<Record<string, unknown>>;
}

/** Protocol of a declared network flow. */
export type FlowProtocol = 'tcp' | 'udp';

/**
 * A network flow the stack declares it needs (`PhiGuard.declareFlow`), with both ends resolved to
 * Terraform addresses: the network rules (PHI-NET-*) prove it open from the synthesized blocks.
 */
export interface DeclaredFlow {
  /** Name of the flow in findings, e.g. `app-to-mysql-writer`. */
  readonly name: string;
  /** `internet`, or the address of the source block, e.g. `aws_autoscaling_group.web_asg`. */
  readonly from: string;
  /** `internet`, or the address of the destination block, e.g. `aws_db_instance.database_primary`. */
  readonly to: string;
  readonly port: number;
  readonly protocol: FlowProtocol;
  /** IAM actions the source performs through a VPC endpoint destination (checked against its policy); empty means any. */
  readonly actions: readonly string[];
  /** Construct path of the scope that declared the flow. */
  readonly declaredAt: string;
}

/** A block declared part of the data tier (`PhiGuard.declareDataTier`): only declared flows may reach it. */
export interface DataTierMember {
  /** Address of the block, e.g. `aws_security_group.database_security-group`. */
  readonly address: string;
  readonly declaredAt: string;
}

/** The declarations the network rules read, besides the blocks. */
export interface FlowDeclarations {
  readonly flows: readonly DeclaredFlow[];
  readonly dataTier: readonly DataTierMember[];
}

/** The whole stack, for rules that need more than one block (flow logs per VPC, bucket policies...). */
export interface RuleContext {
  /** Every block of the stack, in synthesized order. */
  readonly resources: readonly SynthResource[];
  /** Network flows declared with `PhiGuard.declareFlow` (empty when none). */
  readonly flows: readonly DeclaredFlow[];
  /** Data-tier blocks declared with `PhiGuard.declareDataTier` (empty when none). */
  readonly dataTier: readonly DataTierMember[];
  /** The blocks of one Terraform type (resources and data sources are distinguished by `kind`). */
  byType(type: string, kind?: BlockKind): readonly SynthResource[];
  /** The block at a Terraform address (`aws_kms_key.k`, `data.aws_iam_policy_document.p`). */
  byAddress(address: string): SynthResource | undefined;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function stripMetadata(config: Json): { config: Json; path?: string } {
  const { ['//']: meta, ...rest } = config;
  const path = isObject(meta) && isObject(meta.metadata) && typeof meta.metadata.path === 'string' ? meta.metadata.path : undefined;
  return { config: rest, path };
}

/**
 * Lists the blocks of a synthesized stack (`TerraformStack.toTerraform()` output). Provider blocks
 * carry no construct path in the JSON; `providerPath` supplies it from the construct tree.
 */
export function collectBlocks(tf: Json, stackPath: string, providerPath: (type: string, alias?: string) => string | undefined): SynthResource[] {
  const out: SynthResource[] = [];
  const resolve = expressionResolver({ locals: isObject(tf.locals) ? tf.locals : {} });
  for (const kind of ['resource', 'data'] as const) {
    const section = tf[kind];
    if (!isObject(section)) continue;
    for (const [type, byName] of Object.entries(section)) {
      if (!isObject(byName)) continue;
      for (const [name, raw] of Object.entries(byName)) {
        if (!isObject(raw)) continue;
        const { config: synthesized, path } = stripMetadata(raw);
        const config = resolve(synthesized);
        const address = kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
        out.push({ kind, type, name, address, path: path ?? `${stackPath}/${address}`, config });
      }
    }
  }
  const providers = tf.provider;
  if (isObject(providers)) {
    for (const [type, list] of Object.entries(providers)) {
      for (const raw of Array.isArray(list) ? list : [list]) {
        if (!isObject(raw)) continue;
        const alias = typeof raw.alias === 'string' ? raw.alias : undefined;
        const address = alias ? `provider.${type}.${alias}` : `provider.${type}`;
        out.push({ kind: 'provider', type, name: alias ?? 'default', address, path: providerPath(type, alias) ?? `${stackPath}/${address}`, config: resolve(raw) });
      }
    }
  }
  // The state backend: state holds every resource's attributes (PHI-adjacent metadata, secrets a
  // provider does not mark write-only), so where and how it is stored is checked like a resource.
  const terraform = tf.terraform;
  if (isObject(terraform) && isObject(terraform.backend)) {
    for (const [type, raw] of Object.entries(terraform.backend)) {
      // cdktf gives every stack without a backend a `local` one: state on the operator's disk, which
      // no rule can judge from the configuration (and which the local target uses on purpose).
      if (!isObject(raw) || type === 'local') continue;
      const address = `terraform.backend.${type}`;
      out.push({ kind: 'backend', type, name: type, address, path: `${stackPath}/backend`, config: resolve(raw) });
    }
  }
  return out;
}

/** Builds the lookup context over a block list (and the stack's flow declarations, if any). */
export function createContext(resources: readonly SynthResource[], declarations: FlowDeclarations = { flows: [], dataTier: [] }): RuleContext {
  const byType = new Map<string, SynthResource[]>();
  const byAddress = new Map<string, SynthResource>();
  for (const r of resources) {
    const list = byType.get(r.type) ?? [];
    list.push(r);
    byType.set(r.type, list);
    byAddress.set(r.address, r);
  }
  return {
    resources,
    flows: declarations.flows,
    dataTier: declarations.dataTier,
    byType: (type, kind) => (byType.get(type) ?? []).filter((r) => kind === undefined || r.kind === kind),
    byAddress: (address) => byAddress.get(address),
  };
}

// ---------------------------------------------------------------------------------------------
// Value accessors. Literal-valued expressions are already evaluated (collectBlocks); what is left
// as `${...}` is unknown at synth, and an unknown value is never true, false or a number here.
// ---------------------------------------------------------------------------------------------

/**
 * Whether a value is (or contains) a Terraform expression such as `${aws_kms_key.k.arn}`: after
 * `collectBlocks`, a value Terraform only knows at apply.
 */
export function isExpression(v: unknown): boolean {
  return typeof v === 'string' && v.includes('${');
}

/** A value only known at apply (an expression left after evaluation). Same as `isExpression`, named for rules. */
export const isUnknown = isExpression;

/** Set: present and not empty. An expression counts as set (a reference is how keys and secrets are wired). */
export function isSet(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/** Literally true (`true` or `"true"`). An unknown value is not true: a PHI control must be provably on. */
export function isTrue(v: unknown): boolean {
  return v === true || v === 'true';
}

/** Explicitly false (`false` or `"false"`). */
export function isFalse(v: unknown): boolean {
  return v === false || v === 'false';
}

/** A literal number, `'expression'` for a value unknown at synth, or undefined. */
export function numberOf(v: unknown): number | 'expression' | undefined {
  if (typeof v === 'number') return v;
  if (isExpression(v)) return 'expression';
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

/** How a value unknown at synth reads in a finding: `"${var.x}" (unknown until apply)`. */
export function describeUnknown(v: unknown): string {
  const text = typeof v === 'string' ? v : String(JSON.stringify(v));
  return `${JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text)} (unknown until apply)`;
}

/** ` (got "${var.x}", unknown until apply)` for a value unknown at synth, else an empty string. */
export function unknownNote(v: unknown): string {
  return isExpression(v) ? ` (got ${describeUnknown(v).replace(' (unknown until apply)', ', unknown until apply')})` : '';
}

/**
 * The address a value is a plain reference to (`${aws_kms_key.k.arn}` → `aws_kms_key.k`), or
 * undefined for a literal or any other expression (a conditional, a function call, a template).
 */
export function referenceOf(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^\$\{((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*)(?:\.[A-Za-z_][\w-]*|\[\d+\])*\}$/.exec(v);
  return m ? m[1] : undefined;
}

/** A literal string (not an expression), or undefined. */
export function literalString(v: unknown): string | undefined {
  return typeof v === 'string' && !isExpression(v) ? v : undefined;
}

/**
 * Nested blocks as a list: cdktf writes single blocks as objects and repeated ones as arrays, and
 * an override may use either shape.
 */
export function blocks(v: unknown): Json[] {
  if (Array.isArray(v)) return v.filter(isObject);
  return isObject(v) ? [v] : [];
}

/** The first nested block, or undefined. */
export function block(v: unknown): Json | undefined {
  return blocks(v)[0];
}

/** A string list (a single string counts as a one-element list). */
export function stringList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

const ADDRESS_IN_EXPRESSION = /(?:^|[^\w.])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*)(?=[.[\s,)}]|$)/g;

/** Terraform addresses a value refers to, e.g. `aws_s3_bucket.images` from `${aws_s3_bucket.images.id}`. */
export function referencedAddresses(v: unknown): string[] {
  const found = new Set<string>();
  const visit = (x: unknown): void => {
    if (typeof x === 'string') {
      if (!x.includes('${')) return;
      for (const expr of x.match(/\$\{[^}]*\}/g) ?? []) {
        for (const m of expr.slice(2, -1).matchAll(ADDRESS_IN_EXPRESSION)) found.add(m[1]);
      }
    } else if (Array.isArray(x)) x.forEach(visit);
    else if (isObject(x)) Object.values(x).forEach(visit);
  };
  visit(v);
  return [...found];
}

/** Whether a value refers to the block at `address`. */
export function refersTo(v: unknown, address: string): boolean {
  return referencedAddresses(v).includes(address);
}

/** The tags map of a block (`tags`, merged over nothing else: `tags_all` is computed by the provider). */
export function tagsOf(r: SynthResource): Record<string, unknown> {
  const tags = r.config.tags;
  return isObject(tags) ? tags : {};
}
