/**
 * The synthesized view the rules read: each Terraform block of a stack exactly as it lands in
 * `cdk.tf.json` (provider classes, `addOverride` escape hatches and stack-level overrides merged,
 * tokens resolved to `${...}` expressions), plus small accessors that treat Terraform expressions
 * as "set", because their value is only known at apply time and a reference to a key, a variable
 * or another resource is exactly how a secure setting is usually wired.
 */

/** Kind of Terraform block a rule looks at. */
export type BlockKind = 'resource' | 'data' | 'provider';

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
  for (const kind of ['resource', 'data'] as const) {
    const section = tf[kind];
    if (!isObject(section)) continue;
    for (const [type, byName] of Object.entries(section)) {
      if (!isObject(byName)) continue;
      for (const [name, raw] of Object.entries(byName)) {
        if (!isObject(raw)) continue;
        const { config, path } = stripMetadata(raw);
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
        out.push({ kind: 'provider', type, name: alias ?? 'default', address, path: providerPath(type, alias) ?? `${stackPath}/${address}`, config: raw });
      }
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
// Value accessors. Terraform expressions (`${...}`) are "set": their value is decided at apply.
// ---------------------------------------------------------------------------------------------

/** Whether a value is (or contains) a Terraform expression such as `${aws_kms_key.k.arn}`. */
export function isExpression(v: unknown): boolean {
  return typeof v === 'string' && v.includes('${');
}

/** Set: present and not empty. */
export function isSet(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/** True, `"true"`, or an expression (decided at apply). */
export function isTrue(v: unknown): boolean {
  return v === true || v === 'true' || isExpression(v);
}

/** Explicitly false (`false` or `"false"`). */
export function isFalse(v: unknown): boolean {
  return v === false || v === 'false';
}

/** A literal number, `'expression'` for a Terraform expression, or undefined. */
export function numberOf(v: unknown): number | 'expression' | undefined {
  if (typeof v === 'number') return v;
  if (isExpression(v)) return 'expression';
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
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
