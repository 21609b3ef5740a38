/**
 * The network model the PHI-NET rules share: security groups and their rules, subnets, route
 * tables, NACLs and VPC endpoints, read from the synthesized blocks only, and one evaluator per
 * side of a declared flow (egress, ingress, route, NACL, endpoint policy). Pure functions of the
 * rule context; the model is built once per context and cached.
 *
 * Terraform semantics it encodes:
 * - a Terraform-created `aws_security_group` has no egress until one is declared (Terraform removes
 *   AWS's default allow-all egress rule), and no ingress;
 * - security groups are stateful, NACLs are not: a NACL must pass the request and the reply
 *   (ephemeral ports 1024-65535) on both subnets;
 * - a subnet without a custom NACL uses the VPC's default NACL, which allows everything unless an
 *   `aws_default_network_acl` (or `aws_network_acl_rule`) manages it;
 * - a subnet without a route table association uses the VPC's main route table;
 * - a gateway endpoint is reached only from subnets whose route table is one of its `route_table_ids`.
 */
import { readPolicy } from '../../policy';
import { block, blocks, DeclaredFlow, isExpression, literalString, numberOf, referencedAddresses, RuleContext, stringList, SynthResource } from '../../synthesized';

/** The `from` of a flow whose source is any address on the internet. */
export const INTERNET = 'internet';

/** Terraform types a flow endpoint (or a data-tier member) may be. */
export const FLOW_ENDPOINT_TYPES = [
  'aws_security_group',
  'aws_lb',
  'aws_autoscaling_group',
  'aws_instance',
  'aws_db_instance',
  'aws_rds_cluster',
  'aws_elasticache_replication_group',
  'aws_vpc_endpoint',
] as const;

/** The side of a flow a rule proves. */
export type FlowSide = 'egress' | 'ingress' | 'route' | 'nacl' | 'policy';

/** Rule id per side (the rule files carry the same ids). */
export const FLOW_SIDE_RULES: Readonly<Record<FlowSide, string>> = {
  egress: 'PHI-NET-1',
  ingress: 'PHI-NET-2',
  route: 'PHI-NET-3',
  nacl: 'PHI-NET-4',
  policy: 'PHI-NET-5',
};

/** Ports of the replies a NACL must let through (stateless). */
export const EPHEMERAL_PORTS = { from: 1024, to: 65535 } as const;

export interface Problem {
  readonly message: string;
  readonly fix: string;
}

/** The outcome of one side of one flow. */
export interface SideOutcome {
  readonly side: FlowSide;
  /** Address of the block the rule reports on (the source, or the destination for inbound-only sides). */
  readonly anchor: string;
  readonly applicable: boolean;
  readonly problems: readonly Problem[];
}

/** One address set a flow end occupies, for CIDR and NACL matching. */
interface Addr {
  /** Literal IPv4/IPv6 CIDR of the subnet, when known. */
  readonly cidr?: string;
  /** Address of the subnet block, or its literal id. */
  readonly subnet?: string;
  /** Address of the VPC. */
  readonly vpc?: string;
  /** Any address on the internet. */
  readonly internet?: boolean;
  /** The public ranges of an AWS service reached through a gateway endpoint (address of the endpoint). */
  readonly service?: string;
  readonly label: string;
}

/** A resolved flow end. */
export interface FlowEnd {
  readonly address: string;
  readonly block?: SynthResource;
  readonly kind: 'internet' | 'security-group' | 'load-balancer' | 'instances' | 'database' | 'cache' | 'interface-endpoint' | 'gateway-endpoint' | 'unknown';
  /** Security group references: block addresses, or literal ids of groups outside the stack. */
  readonly securityGroups: readonly string[];
  /** Subnet references: block addresses, or literal ids. */
  readonly subnets: readonly string[];
  readonly addrs: readonly Addr[];
  readonly vpc?: string;
  /** Route tables of a gateway endpoint. */
  readonly routeTables: readonly string[];
  /** Address of the IAM role the workload runs as, for endpoint policies. */
  readonly role?: string;
  readonly internal?: boolean;
  /** Why the end could not be fully resolved. */
  readonly problems: readonly string[];
}

type Protocol = string; // '-1' (all), 'tcp', 'udp', 'icmp', or a number as text

interface SgRule {
  readonly owner: string;
  readonly direction: 'ingress' | 'egress';
  readonly protocol: Protocol;
  /** NaN when the port is an expression. */
  readonly from: number;
  readonly to: number;
  readonly cidrs: readonly string[];
  readonly prefixLists: readonly string[];
  readonly groups: readonly string[];
  readonly self: boolean;
  /** Address of the block that declares the rule (the group itself for inline blocks). */
  readonly address: string;
}

interface Route {
  readonly destination?: string;
  readonly prefixList?: string;
  readonly target: 'igw' | 'nat' | 'local' | 'other';
  readonly address: string;
}

interface NaclRule {
  readonly number: number;
  readonly egress: boolean;
  readonly allow: boolean;
  readonly protocol: Protocol;
  readonly from: number;
  readonly to: number;
  readonly cidr?: string;
  readonly address: string;
}

interface Nacl {
  readonly ref: string;
  readonly label: string;
  readonly rules: NaclRule[];
}

interface Model {
  readonly ctx: RuleContext;
  readonly sgRules: Map<string, SgRule[]>;
  readonly subnets: Map<string, { cidr?: string; vpc?: string }>;
  readonly vpcCidrs: Map<string, string>;
  readonly routeTableOfSubnet: Map<string, string>;
  readonly mainRouteTable: Map<string, string>;
  readonly routes: Map<string, Route[]>;
  readonly naclOfSubnet: Map<string, string>;
  readonly nacls: Map<string, Nacl>;
  /** Security group references of a value, with the VPC's default group under one name. */
  readonly sgRefs: (v: unknown) => string[];
  /** Route tables of a gateway endpoint: its route_table_ids and aws_vpc_endpoint_route_table_association. */
  readonly gatewayRouteTables: (endpoint: string) => string[];
  readonly ends: Map<string, FlowEnd>;
  readonly outcomes: Map<DeclaredFlow, Partial<Record<FlowSide, SideOutcome>>>;
}

// ---------------------------------------------------------------------------------------------
// References and literals
// ---------------------------------------------------------------------------------------------

/** A reference as an address (`${aws_subnet.a.id}` → `aws_subnet.a`), or the literal (`subnet-0a`). */
function refOf(v: unknown): string | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  if (!isExpression(v)) return v;
  return referencedAddresses(v).find((a) => !/^(var|local|each|count|module|path|terraform)\./.test(a)) ?? v;
}

function refsOf(v: unknown): string[] {
  return stringList(v)
    .map(refOf)
    .filter((r): r is string => r !== undefined);
}

/** `${aws_vpc.x.default_security_group_id}` and friends point at the VPC's default objects. */
function vpcDefaultRef(v: unknown, attribute: string, prefix: string): string | undefined {
  if (typeof v !== 'string' || !v.includes(`.${attribute}`)) return undefined;
  const vpc = referencedAddresses(v).find((a) => a.startsWith('aws_vpc.'));
  return vpc ? `${prefix}:${vpc}` : undefined;
}

function exists(r: SynthResource): boolean {
  const count = r.config.count;
  return !(count === 0 || count === '0');
}

function normalizeProtocol(v: unknown): Protocol {
  const p = String(v ?? '-1').toLowerCase();
  if (p === '-1' || p === 'all') return '-1';
  if (p === '6') return 'tcp';
  if (p === '17') return 'udp';
  if (p === '1') return 'icmp';
  return p;
}

function portRange(protocol: Protocol, from: unknown, to: unknown): { from: number; to: number } {
  if (protocol === '-1') return { from: 0, to: 65535 };
  const f = numberOf(from);
  const t = numberOf(to ?? from);
  return { from: typeof f === 'number' ? f : NaN, to: typeof t === 'number' ? t : NaN };
}

function protocolCovers(rule: Protocol, wanted: Protocol): boolean {
  return rule === '-1' || rule === wanted;
}

// ---------------------------------------------------------------------------------------------
// IPv4 CIDR arithmetic (IPv6 literals never cover or overlap the IPv4 subnets here)
// ---------------------------------------------------------------------------------------------

function ipv4Range(cidr: string): [number, number] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const ip = ((octets[0] * 256 + octets[1]) * 256 + octets[2]) * 256 + octets[3];
  const size = 2 ** (32 - bits);
  const start = Math.floor(ip / size) * size;
  return [start, start + size - 1];
}

function cidrContains(outer: string, inner: string): boolean {
  const a = ipv4Range(outer);
  const b = ipv4Range(inner);
  return !!a && !!b && a[0] <= b[0] && b[1] <= a[1];
}

function cidrOverlaps(x: string, y: string): boolean {
  const a = ipv4Range(x);
  const b = ipv4Range(y);
  return !!a && !!b && a[0] <= b[1] && b[0] <= a[1];
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];
const isAnyIpv4 = (c: string): boolean => c.trim() === '0.0.0.0/0';

// ---------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------

const MODELS = new WeakMap<RuleContext, Model>();

function modelOf(ctx: RuleContext): Model {
  let model = MODELS.get(ctx);
  if (!model) {
    model = buildModel(ctx);
    MODELS.set(ctx, model);
  }
  return model;
}

function buildModel(ctx: RuleContext): Model {
  const live = (type: string): SynthResource[] => ctx.byType(type, 'resource').filter(exists);

  // Security groups: the default group of a VPC is known by two names.
  const sgAlias = new Map<string, string>();
  for (const d of live('aws_default_security_group')) {
    const vpc = refOf(d.config.vpc_id);
    if (vpc) sgAlias.set(d.address, `default-sg:${vpc}`);
  }
  const sgRef = (v: unknown): string | undefined => {
    const viaVpc = vpcDefaultRef(v, 'default_security_group_id', 'default-sg');
    if (viaVpc) return viaVpc;
    const r = refOf(v);
    return r === undefined ? undefined : (sgAlias.get(r) ?? r);
  };
  const sgRefs = (v: unknown): string[] => stringList(v).map(sgRef).filter((r): r is string => r !== undefined);

  const sgRules = new Map<string, SgRule[]>();
  const addRule = (rule: SgRule): void => {
    const list = sgRules.get(rule.owner) ?? [];
    list.push(rule);
    sgRules.set(rule.owner, list);
  };
  for (const type of ['aws_security_group', 'aws_default_security_group']) {
    for (const sg of live(type)) {
      const owner = sgAlias.get(sg.address) ?? sg.address;
      if (!sgRules.has(owner)) sgRules.set(owner, []);
      for (const direction of ['ingress', 'egress'] as const) {
        for (const b of blocks(sg.config[direction])) {
          const protocol = normalizeProtocol(b.protocol);
          addRule({
            owner,
            direction,
            protocol,
            ...portRange(protocol, b.from_port, b.to_port),
            cidrs: [...stringList(b.cidr_blocks), ...stringList(b.ipv6_cidr_blocks)],
            prefixLists: stringList(b.prefix_list_ids),
            groups: sgRefs(b.security_groups),
            self: b.self === true || b.self === 'true',
            address: sg.address,
          });
        }
      }
    }
  }
  for (const r of live('aws_security_group_rule')) {
    const owner = sgRef(r.config.security_group_id);
    if (!owner) continue;
    const protocol = normalizeProtocol(r.config.protocol);
    addRule({
      owner,
      direction: r.config.type === 'egress' ? 'egress' : 'ingress',
      protocol,
      ...portRange(protocol, r.config.from_port, r.config.to_port),
      cidrs: [...stringList(r.config.cidr_blocks), ...stringList(r.config.ipv6_cidr_blocks)],
      prefixLists: stringList(r.config.prefix_list_ids),
      groups: sgRefs(r.config.source_security_group_id),
      self: r.config.self === true || r.config.self === 'true',
      address: r.address,
    });
  }
  for (const [type, direction] of [
    ['aws_vpc_security_group_ingress_rule', 'ingress'],
    ['aws_vpc_security_group_egress_rule', 'egress'],
  ] as const) {
    for (const r of live(type)) {
      const owner = sgRef(r.config.security_group_id);
      if (!owner) continue;
      const protocol = normalizeProtocol(r.config.ip_protocol);
      addRule({
        owner,
        direction,
        protocol,
        ...portRange(protocol, r.config.from_port, r.config.to_port),
        cidrs: [...stringList(r.config.cidr_ipv4), ...stringList(r.config.cidr_ipv6)],
        prefixLists: stringList(r.config.prefix_list_id),
        groups: sgRefs(r.config.referenced_security_group_id),
        self: false,
        address: r.address,
      });
    }
  }

  // Subnets and VPCs.
  const vpcCidrs = new Map<string, string>();
  for (const v of live('aws_vpc')) {
    const cidr = literalString(v.config.cidr_block);
    if (cidr) vpcCidrs.set(v.address, cidr);
  }
  const subnets = new Map<string, { cidr?: string; vpc?: string }>();
  for (const s of live('aws_subnet')) subnets.set(s.address, { cidr: literalString(s.config.cidr_block), vpc: refOf(s.config.vpc_id) });

  // Route tables: the main table of a VPC is known by several names.
  const rtAlias = new Map<string, string>();
  for (const d of live('aws_default_route_table')) {
    const main = vpcDefaultRef(d.config.default_route_table_id, 'default_route_table_id', 'main-rt') ?? vpcDefaultRef(d.config.default_route_table_id, 'main_route_table_id', 'main-rt');
    if (main) rtAlias.set(d.address, main);
  }
  const rtRef = (v: unknown): string | undefined => {
    const viaVpc = vpcDefaultRef(v, 'main_route_table_id', 'main-rt') ?? vpcDefaultRef(v, 'default_route_table_id', 'main-rt');
    if (viaVpc) return viaVpc;
    const r = refOf(v);
    return r === undefined ? undefined : (rtAlias.get(r) ?? r);
  };
  const mainRouteTable = new Map<string, string>();
  for (const m of live('aws_main_route_table_association')) {
    const vpc = refOf(m.config.vpc_id);
    const rt = rtRef(m.config.route_table_id);
    if (vpc && rt) mainRouteTable.set(vpc, rt);
  }
  const routeTableOfSubnet = new Map<string, string>();
  for (const a of live('aws_route_table_association')) {
    const subnet = refOf(a.config.subnet_id);
    const rt = rtRef(a.config.route_table_id);
    if (subnet && rt) routeTableOfSubnet.set(subnet, rt);
  }
  const routes = new Map<string, Route[]>();
  const addRoute = (rt: string, route: Route): void => {
    routes.set(rt, [...(routes.get(rt) ?? []), route]);
  };
  const targetOf = (c: Readonly<Record<string, unknown>>): Route['target'] => {
    const gw = refOf(c.gateway_id);
    if (gw === 'local') return 'local';
    if (gw && (gw.startsWith('aws_internet_gateway.') || gw.startsWith('igw-'))) return 'igw';
    if (c.nat_gateway_id) return 'nat';
    return 'other';
  };
  for (const type of ['aws_route_table', 'aws_default_route_table']) {
    for (const t of live(type)) {
      const rt = rtAlias.get(t.address) ?? t.address;
      if (!routes.has(rt)) routes.set(rt, []);
      for (const b of blocks(t.config.route)) {
        addRoute(rt, { destination: typeof b.cidr_block === 'string' ? b.cidr_block : undefined, prefixList: refOf(b.destination_prefix_list_id), target: targetOf(b), address: t.address });
      }
    }
  }
  for (const r of live('aws_route')) {
    const rt = rtRef(r.config.route_table_id);
    if (!rt) continue;
    const destination = typeof r.config.destination_cidr_block === 'string' ? r.config.destination_cidr_block : undefined;
    addRoute(rt, { destination, prefixList: refOf(r.config.destination_prefix_list_id), target: targetOf(r.config), address: r.address });
  }

  // NACLs: the default NACL of a VPC is known by several names.
  const naclAlias = new Map<string, string>();
  const nacls = new Map<string, Nacl>();
  const naclOfSubnet = new Map<string, string>();
  const naclRulesOf = (cfg: Readonly<Record<string, unknown>>, address: string): NaclRule[] =>
    (['ingress', 'egress'] as const).flatMap((direction) =>
      blocks(cfg[direction]).map((b) => {
        const protocol = normalizeProtocol(b.protocol);
        const n = numberOf(b.rule_no);
        return {
          number: typeof n === 'number' ? n : Number.MAX_SAFE_INTEGER,
          egress: direction === 'egress',
          allow: String(b.action).toLowerCase() === 'allow',
          protocol,
          ...portRange(protocol, b.from_port, b.to_port),
          cidr: typeof b.cidr_block === 'string' ? b.cidr_block : typeof b.ipv6_cidr_block === 'string' ? b.ipv6_cidr_block : undefined,
          address,
        };
      }),
    );
  for (const d of live('aws_default_network_acl')) {
    const ref = vpcDefaultRef(d.config.default_network_acl_id, 'default_network_acl_id', 'default-nacl') ?? d.address;
    naclAlias.set(d.address, ref);
    // Terraform manages every rule of the default NACL: without blocks it has none (deny all).
    nacls.set(ref, { ref, label: d.address, rules: naclRulesOf(d.config, d.address) });
    for (const s of refsOf(d.config.subnet_ids)) naclOfSubnet.set(s, ref);
  }
  for (const n of live('aws_network_acl')) {
    nacls.set(n.address, { ref: n.address, label: n.address, rules: naclRulesOf(n.config, n.address) });
    for (const s of refsOf(n.config.subnet_ids)) naclOfSubnet.set(s, n.address);
  }
  const naclRef = (v: unknown): string | undefined => {
    const viaVpc = vpcDefaultRef(v, 'default_network_acl_id', 'default-nacl');
    if (viaVpc) return viaVpc;
    const r = refOf(v);
    return r === undefined ? undefined : (naclAlias.get(r) ?? r);
  };
  for (const a of live('aws_network_acl_association')) {
    const subnet = refOf(a.config.subnet_id);
    const nacl = naclRef(a.config.network_acl_id);
    if (subnet && nacl) naclOfSubnet.set(subnet, nacl);
  }
  for (const r of live('aws_network_acl_rule')) {
    const ref = naclRef(r.config.network_acl_id);
    if (!ref) continue;
    if (!nacls.has(ref)) {
      // A rule added to an unmanaged default NACL sits next to its allow-all rule 100.
      const isDefault = ref.startsWith('default-nacl:');
      const allowAll = (egress: boolean): NaclRule => ({ number: 100, egress, allow: true, protocol: '-1', from: 0, to: 65535, cidr: '0.0.0.0/0', address: `${ref} (AWS default rule 100)` });
      nacls.set(ref, { ref, label: isDefault ? `the default NACL of ${ref.slice('default-nacl:'.length)}` : ref, rules: isDefault ? [allowAll(false), allowAll(true)] : [] });
    }
    const protocol = normalizeProtocol(r.config.protocol);
    const n = numberOf(r.config.rule_number);
    nacls.get(ref)!.rules.push({
      number: typeof n === 'number' ? n : Number.MAX_SAFE_INTEGER,
      egress: r.config.egress === true || r.config.egress === 'true',
      allow: String(r.config.rule_action).toLowerCase() === 'allow',
      protocol,
      ...portRange(protocol, r.config.from_port, r.config.to_port),
      cidr: typeof r.config.cidr_block === 'string' ? r.config.cidr_block : typeof r.config.ipv6_cidr_block === 'string' ? r.config.ipv6_cidr_block : undefined,
      address: r.address,
    });
  }
  for (const nacl of nacls.values()) nacl.rules.sort((a, b) => a.number - b.number);

  const gatewayRouteTables = (endpoint: string): string[] => {
    const rts = new Set<string>();
    const b = ctx.byAddress(endpoint);
    for (const v of stringList(b?.config.route_table_ids)) {
      const r = rtRef(v);
      if (r) rts.add(r);
    }
    for (const a of live('aws_vpc_endpoint_route_table_association')) {
      if (refOf(a.config.vpc_endpoint_id) !== endpoint) continue;
      const r = rtRef(a.config.route_table_id);
      if (r) rts.add(r);
    }
    return [...rts];
  };
  return { ctx, sgRules, subnets, vpcCidrs, routeTableOfSubnet, mainRouteTable, routes, naclOfSubnet, nacls, sgRefs, gatewayRouteTables, ends: new Map(), outcomes: new Map() };
}

// ---------------------------------------------------------------------------------------------
// Flow ends
// ---------------------------------------------------------------------------------------------

function subnetAddr(model: Model, subnet: string): Addr {
  const info = model.subnets.get(subnet);
  return { cidr: info?.cidr, subnet, vpc: info?.vpc, label: subnet };
}

/** The workloads that attach a security group, for an end declared by its group. */
function workloadsOf(model: Model, sg: string): FlowEnd[] {
  const out: FlowEnd[] = [];
  for (const type of FLOW_ENDPOINT_TYPES) {
    if (type === 'aws_security_group') continue;
    for (const r of model.ctx.byType(type, 'resource')) {
      if (!exists(r)) continue;
      const end = resolveEnd(model, r.address);
      if (end.securityGroups.includes(sg)) out.push(end);
    }
  }
  return out;
}

function roleOfProfile(model: Model, profileRef: string | undefined): string | undefined {
  if (!profileRef) return undefined;
  const profile = model.ctx.byAddress(profileRef);
  if (!profile) return undefined;
  const role = refOf(profile.config.role);
  return role && role.startsWith('aws_iam_role.') ? role : undefined;
}

/** Resolves a flow end (`internet` or a block address) to its groups, subnets and addresses. */
function resolveEnd(model: Model, address: string): FlowEnd {
  const cached = model.ends.get(address);
  if (cached) return cached;
  // Guard against cycles (a group resolved through its workloads).
  model.ends.set(address, { address, kind: 'unknown', securityGroups: [], subnets: [], addrs: [], routeTables: [], problems: [`${address} is being resolved`] });
  const end = computeEnd(model, address);
  model.ends.set(address, end);
  return end;
}

function computeEnd(model: Model, address: string): FlowEnd {
  const sgRefs = model.sgRefs;
  const base = { address, securityGroups: [] as string[], subnets: [] as string[], addrs: [] as Addr[], routeTables: [] as string[], problems: [] as string[] };
  if (address === INTERNET) return { ...base, kind: 'internet', addrs: [{ internet: true, label: 'the internet (0.0.0.0/0)' }] };
  const b = model.ctx.byAddress(address);
  if (!b || !exists(b)) return { ...base, kind: 'unknown', problems: [`${address} is not a resource of this stack`] };
  const c = b.config;
  const withSubnets = (end: Omit<FlowEnd, 'addrs' | 'vpc'> & { vpc?: string }): FlowEnd => {
    const addrs = end.subnets.map((s) => subnetAddr(model, s));
    return { ...end, addrs, vpc: end.vpc ?? addrs.find((a) => a.vpc)?.vpc };
  };
  const subnetsOfGroup = (groupRef: string | undefined): string[] => {
    const group = groupRef ? model.ctx.byAddress(groupRef) : undefined;
    return group ? refsOf(group.config.subnet_ids) : [];
  };
  switch (b.type) {
    case 'aws_security_group': {
      const workloads = workloadsOf(model, address);
      const subnets = [...new Set(workloads.flatMap((w) => w.subnets))];
      const problems = workloads.length === 0 ? [`no workload in the stack attaches ${address}, so its subnets are unknown`] : [];
      const role = workloads.find((w) => w.role)?.role;
      return withSubnets({ ...base, block: b, kind: 'security-group', securityGroups: [address], subnets, vpc: refOf(c.vpc_id), role, problems });
    }
    case 'aws_lb': {
      const groups = sgRefs(c.security_groups);
      const subnets = [...refsOf(c.subnets), ...blocks(c.subnet_mapping).map((m) => refOf(m.subnet_id)).filter((s): s is string => !!s)];
      const problems = groups.length === 0 ? [`${address} sets no security_groups (it would use the VPC's default group)`] : [];
      return withSubnets({ ...base, block: b, kind: 'load-balancer', securityGroups: groups, subnets, internal: c.internal === true || c.internal === 'true', problems });
    }
    case 'aws_autoscaling_group': {
      const spec = block(c.launch_template) ?? block(block(block(c.mixed_instances_policy)?.launch_template)?.launch_template_specification);
      const ltRef = refOf(spec?.id ?? spec?.launch_template_id ?? spec?.name ?? spec?.launch_template_name);
      const lt = ltRef ? model.ctx.byAddress(ltRef) : undefined;
      const groups = lt ? [...new Set([...blocks(lt.config.network_interfaces).flatMap((n) => sgRefs(n.security_groups)), ...sgRefs(lt.config.vpc_security_group_ids)])] : [];
      const problems: string[] = [];
      if (!lt) problems.push(`the launch template of ${address} is not a resource of this stack`);
      else if (groups.length === 0) problems.push(`${lt.address} attaches no security group (instances would use the VPC's default group)`);
      const profile = lt ? block(lt.config.iam_instance_profile) : undefined;
      const role = roleOfProfile(model, refOf(profile?.arn ?? profile?.name));
      return withSubnets({ ...base, block: b, kind: 'instances', securityGroups: groups, subnets: refsOf(c.vpc_zone_identifier), role, problems });
    }
    case 'aws_instance': {
      const groups = sgRefs(c.vpc_security_group_ids);
      const subnet = refOf(c.subnet_id);
      const problems = groups.length === 0 ? [`${address} sets no vpc_security_group_ids (it would use the VPC's default group)`] : [];
      return withSubnets({ ...base, block: b, kind: 'instances', securityGroups: groups, subnets: subnet ? [subnet] : [], role: roleOfProfile(model, refOf(c.iam_instance_profile)), problems });
    }
    case 'aws_db_instance':
    case 'aws_rds_cluster': {
      const groups = sgRefs(c.vpc_security_group_ids);
      let subnets = subnetsOfGroup(refOf(c.db_subnet_group_name));
      if (subnets.length === 0 && c.replicate_source_db) {
        const source = referencedAddresses(c.replicate_source_db).find((a) => a.startsWith('aws_db_instance.'));
        if (source && source !== address) subnets = [...resolveEnd(model, source).subnets];
      }
      const problems = groups.length === 0 ? [`${address} sets no vpc_security_group_ids (it would use the VPC's default group)`] : [];
      return withSubnets({ ...base, block: b, kind: 'database', securityGroups: groups, subnets, problems });
    }
    case 'aws_elasticache_replication_group': {
      const groups = sgRefs(c.security_group_ids);
      const problems = groups.length === 0 ? [`${address} sets no security_group_ids (it would use the VPC's default group)`] : [];
      return withSubnets({ ...base, block: b, kind: 'cache', securityGroups: groups, subnets: subnetsOfGroup(refOf(c.subnet_group_name)), problems });
    }
    case 'aws_vpc_endpoint': {
      const type = String(c.vpc_endpoint_type ?? 'Gateway');
      if (type === 'Gateway') {
        const routeTables = model.gatewayRouteTables(address);
        return { ...base, block: b, kind: 'gateway-endpoint', routeTables, vpc: refOf(c.vpc_id), addrs: [{ service: address, label: `the public ranges of ${address}` }] };
      }
      const groups = sgRefs(c.security_group_ids);
      const subnets = [...refsOf(c.subnet_ids), ...blocks(c.subnet_configuration).map((s) => refOf(s.subnet_id)).filter((s): s is string => !!s)];
      const problems = groups.length === 0 ? [`${address} sets no security_group_ids (it would use the VPC's default group)`] : [];
      return withSubnets({ ...base, block: b, kind: 'interface-endpoint', securityGroups: groups, subnets, vpc: refOf(c.vpc_id), problems });
    }
    default:
      return { ...base, block: b, kind: 'unknown', problems: [`${address} is a ${b.type}, which is not a flow endpoint (use one of ${FLOW_ENDPOINT_TYPES.join(', ')})`] };
  }
}

// ---------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------

/** A CIDR value as a literal, resolving `${aws_vpc.x.cidr_block}` / `${aws_subnet.x.cidr_block}` where the stack has it. */
function literalCidr(model: Model, v: string): string | undefined {
  if (!isExpression(v)) return v;
  const m = /^\$\{(aws_vpc|aws_subnet)\.([\w-]+)\.cidr_block\}$/.exec(v);
  if (!m) return undefined;
  const address = `${m[1]}.${m[2]}`;
  return m[1] === 'aws_vpc' ? model.vpcCidrs.get(address) : model.subnets.get(address)?.cidr;
}

/** Whether a rule's CIDR includes every address of `addr`. */
function cidrCovers(model: Model, cidr: string, addr: Addr): boolean {
  if (isAnyIpv4(cidr)) return !addr.cidr || ipv4Range(addr.cidr) !== undefined;
  if (addr.internet || addr.service) return false;
  const m = /^\$\{(aws_vpc|aws_subnet)\.([\w-]+)\.cidr_block\}$/.exec(cidr);
  if (m && m[1] === 'aws_vpc' && addr.vpc === `aws_vpc.${m[2]}`) return true;
  if (m && m[1] === 'aws_subnet' && addr.subnet === `aws_subnet.${m[2]}`) return true;
  const literal = literalCidr(model, cidr);
  if (!literal) return false;
  if (addr.cidr) return cidrContains(literal, addr.cidr);
  const vpcCidr = addr.vpc ? model.vpcCidrs.get(addr.vpc) : undefined;
  return !!vpcCidr && cidrContains(literal, vpcCidr);
}

/** Whether a NACL rule's CIDR may include some address of `addr` (unknown counts as yes). */
function cidrMayOverlap(model: Model, cidr: string | undefined, addr: Addr): boolean {
  if (cidr === undefined) return false;
  if (isAnyIpv4(cidr)) return true;
  if (cidr.includes(':') && !isExpression(cidr)) return false; // IPv6 vs the IPv4 subnets
  const literal = literalCidr(model, cidr);
  if (!literal) {
    const m = /^\$\{aws_vpc\.([\w-]+)\.cidr_block\}$/.exec(cidr);
    if (m && addr.vpc && addr.vpc !== `aws_vpc.${m[1]}` && !addr.internet && !addr.service) return false;
    return true;
  }
  if (addr.internet || addr.service) return !PRIVATE_RANGES.some((p) => cidrContains(p, literal));
  if (addr.cidr) return cidrOverlaps(literal, addr.cidr);
  return true;
}

function portsCover(rule: { from: number; to: number }, from: number, to: number): boolean {
  return rule.from <= from && to <= rule.to;
}

function portsOverlap(rule: { from: number; to: number }, from: number, to: number): boolean {
  if (Number.isNaN(rule.from) || Number.isNaN(rule.to)) return true;
  return rule.from <= to && from <= rule.to;
}

function rulesOf(model: Model, groups: readonly string[], direction: 'ingress' | 'egress'): SgRule[] {
  return groups.flatMap((g) => (model.sgRules.get(g) ?? []).filter((r) => r.direction === direction));
}

/** Whether an SG rule admits the peer end: a group of the peer, `self`, a CIDR over all its subnets, or its prefix list. */
function ruleAdmitsPeer(model: Model, rule: SgRule, peer: FlowEnd): boolean {
  if (rule.groups.some((g) => peer.securityGroups.includes(g))) return true;
  if (rule.self && peer.securityGroups.includes(rule.owner)) return true;
  if (peer.kind === 'gateway-endpoint' && rule.prefixLists.some((p) => refersToServicePrefixList(model, p, peer.address))) return true;
  if (peer.addrs.length === 0) return false;
  return rule.cidrs.some((cidr) => peer.addrs.every((a) => cidrCovers(model, cidr, a)));
}

/** `${aws_vpc_endpoint.s3.prefix_list_id}`, or a `data.aws_prefix_list` / `data.aws_ec2_managed_prefix_list` of the same service. */
function refersToServicePrefixList(model: Model, value: string, endpoint: string): boolean {
  const refs = referencedAddresses(value);
  if (refs.includes(endpoint)) return true;
  const service = String(model.ctx.byAddress(endpoint)?.config.service_name ?? '');
  const suffix = service.split('.').pop();
  return refs.some((r) => {
    const d = model.ctx.byAddress(r);
    if (!d || d.kind !== 'data' || !/^aws_(ec2_managed_)?prefix_list$/.test(d.type)) return false;
    if (refOf(d.config.prefix_list_id) === endpoint) return true;
    const name = String(d.config.name ?? '') + JSON.stringify(d.config.filter ?? '');
    return !!suffix && name.includes(`.${suffix}`);
  });
}

// ---------------------------------------------------------------------------------------------
// Sides
// ---------------------------------------------------------------------------------------------

function flowLabel(flow: DeclaredFlow): string {
  return `flow ${flow.name} (${flow.from} → ${flow.to}, ${flow.protocol}/${flow.port})`;
}

function problem(flow: DeclaredFlow, side: FlowSide, message: string, fix: string): Problem {
  return { message: `${flowLabel(flow)} ${side}: ${message}`, fix };
}

function endProblems(flow: DeclaredFlow, side: FlowSide, ...ends: FlowEnd[]): Problem[] {
  return ends.flatMap((e) =>
    e.problems.map((p) => problem(flow, side, p, `declare the flow between workloads of this stack (${FLOW_ENDPOINT_TYPES.join(', ')}) and give each its own security group`)),
  );
}

const shortList = (xs: readonly string[]): string => (xs.length === 0 ? '(none)' : xs.join(', '));

function peerFix(peer: FlowEnd, kind: 'referenced_security_group_id' | 'peer'): string {
  if (peer.kind === 'internet') return 'cidr_ipv4 = "0.0.0.0/0"';
  if (peer.kind === 'gateway-endpoint') return `prefix_list_id = ${peer.address}.prefix_list_id`;
  if (peer.securityGroups.length > 0) return `referenced_security_group_id = ${peer.securityGroups[0]}.id`;
  return kind === 'peer' ? `cidr_ipv4 = the CIDR of ${shortList(peer.subnets)}` : 'a referenced security group';
}

function egressSide(model: Model, flow: DeclaredFlow): SideOutcome {
  const anchor = flow.from;
  if (flow.from === INTERNET) return { side: 'egress', anchor, applicable: false, problems: [] };
  const src = resolveEnd(model, flow.from);
  const dst = resolveEnd(model, flow.to);
  const broken = endProblems(flow, 'egress', src, ...(dst.kind === 'unknown' ? [dst] : []));
  if (src.securityGroups.length === 0 || dst.kind === 'unknown') return { side: 'egress', anchor, applicable: true, problems: broken };
  const ok = rulesOf(model, src.securityGroups, 'egress').some(
    (r) => protocolCovers(r.protocol, flow.protocol) && portsCover(r, flow.port, flow.port) && ruleAdmitsPeer(model, r, dst),
  );
  if (ok) return { side: 'egress', anchor, applicable: true, problems: broken };
  const groups = shortList(src.securityGroups);
  return {
    side: 'egress',
    anchor,
    applicable: true,
    problems: [
      ...broken,
      problem(
        flow,
        'egress',
        `no egress rule of ${groups} allows ${flow.protocol}/${flow.port} to ${dst.kind === 'internet' ? 'the internet' : dst.securityGroups.length ? shortList(dst.securityGroups) : dst.address} (a Terraform-created aws_security_group has no egress until one is declared)`,
        `add an aws_vpc_security_group_egress_rule to ${src.securityGroups[0]} with ip_protocol = "${flow.protocol}", from_port = to_port = ${flow.port} and ${peerFix(dst, 'peer')}`,
      ),
    ],
  };
}

function ingressSide(model: Model, flow: DeclaredFlow): SideOutcome {
  const anchor = flow.to;
  const dst = resolveEnd(model, flow.to);
  if (flow.to === INTERNET || dst.kind === 'gateway-endpoint') return { side: 'ingress', anchor, applicable: false, problems: [] };
  const src = resolveEnd(model, flow.from);
  const broken = endProblems(flow, 'ingress', dst, ...(src.kind === 'unknown' ? [src] : []));
  if (dst.securityGroups.length === 0 || src.kind === 'unknown') return { side: 'ingress', anchor, applicable: true, problems: broken };
  const ok = rulesOf(model, dst.securityGroups, 'ingress').some(
    (r) => protocolCovers(r.protocol, flow.protocol) && portsCover(r, flow.port, flow.port) && ruleAdmitsPeer(model, r, src),
  );
  if (ok) return { side: 'ingress', anchor, applicable: true, problems: broken };
  return {
    side: 'ingress',
    anchor,
    applicable: true,
    problems: [
      ...broken,
      problem(
        flow,
        'ingress',
        `no ingress rule of ${shortList(dst.securityGroups)} admits ${flow.protocol}/${flow.port} from ${src.kind === 'internet' ? 'the internet (0.0.0.0/0)' : src.securityGroups.length ? shortList(src.securityGroups) : src.address}`,
        `add an aws_vpc_security_group_ingress_rule to ${dst.securityGroups[0]} with ip_protocol = "${flow.protocol}", from_port = to_port = ${flow.port} and ${peerFix(src, 'referenced_security_group_id')}`,
      ),
    ],
  };
}

/** The route table of a subnet: its association, else the VPC's main table. */
function routeTableOf(model: Model, subnet: string): string {
  const explicit = model.routeTableOfSubnet.get(subnet);
  if (explicit) return explicit;
  const vpc = model.subnets.get(subnet)?.vpc;
  return (vpc && model.mainRouteTable.get(vpc)) ?? `main-rt:${vpc ?? 'unknown-vpc'}`;
}

function rtLabel(rt: string): string {
  return rt.startsWith('main-rt:') ? `the main route table of ${rt.slice('main-rt:'.length)}` : rt;
}

function routeSide(model: Model, flow: DeclaredFlow): SideOutcome {
  const fromInternet = flow.from === INTERNET;
  const anchor = fromInternet ? flow.to : flow.from;
  const src = resolveEnd(model, flow.from);
  const dst = resolveEnd(model, flow.to);
  const problems: Problem[] = [];
  if (src.kind === 'unknown' || dst.kind === 'unknown') return { side: 'route', anchor, applicable: true, problems: endProblems(flow, 'route', src, dst) };

  if (fromInternet) {
    // The internet reaches the destination only through an internet gateway route of its subnets.
    if (dst.internal) {
      problems.push(problem(flow, 'route', `${dst.address} is internal: it has no address the internet can reach`, `set internal = false on ${dst.address}, or declare the flow from the clients that really reach it`));
    }
    if (dst.subnets.length === 0) problems.push(problem(flow, 'route', `the subnets of ${dst.address} are unknown`, 'declare the flow to the workload (aws_lb, aws_instance...) rather than to its security group'));
    for (const subnet of dst.subnets) {
      const rt = routeTableOf(model, subnet);
      const viaIgw = (model.routes.get(rt) ?? []).some((r) => r.target === 'igw' && r.destination !== undefined && isAnyIpv4(r.destination));
      if (!viaIgw) {
        problems.push(
          problem(
            flow,
            'route',
            `${rtLabel(rt)} of ${subnet} has no 0.0.0.0/0 route to an internet gateway, so replies to internet clients cannot leave ${dst.address}`,
            `add an aws_route with route_table_id = ${rt}.id, destination_cidr_block = "0.0.0.0/0" and gateway_id = the VPC's aws_internet_gateway`,
          ),
        );
      }
    }
    return { side: 'route', anchor, applicable: true, problems };
  }

  if (src.subnets.length === 0) {
    return { side: 'route', anchor, applicable: true, problems: [...endProblems(flow, 'route', src), problem(flow, 'route', `the subnets of ${src.address} are unknown`, 'declare the flow from the workload (aws_autoscaling_group, aws_instance...) that runs in the subnets')] };
  }

  if (dst.kind === 'gateway-endpoint') {
    for (const subnet of src.subnets) {
      const rt = routeTableOf(model, subnet);
      if (!dst.routeTables.includes(rt)) {
        problems.push(
          problem(
            flow,
            'route',
            `${rtLabel(rt)} of ${subnet} is not associated with the gateway endpoint ${dst.address} (route_table_ids: ${shortList(dst.routeTables)}), so the traffic leaves through the NAT or not at all`,
            `add ${rt.startsWith('main-rt:') ? `the main route table of ${rt.slice('main-rt:'.length)}` : `${rt}.id`} to route_table_ids of ${dst.address} (or an aws_vpc_endpoint_route_table_association)`,
          ),
        );
      }
    }
    return { side: 'route', anchor, applicable: true, problems };
  }

  if (dst.kind === 'internet') {
    for (const subnet of src.subnets) {
      const rt = routeTableOf(model, subnet);
      const out = (model.routes.get(rt) ?? []).some((r) => r.target !== 'local' && r.destination !== undefined && isAnyIpv4(r.destination));
      if (!out) problems.push(problem(flow, 'route', `${rtLabel(rt)} of ${subnet} has no 0.0.0.0/0 route`, `add an aws_route to ${rt} with destination_cidr_block = "0.0.0.0/0" through a NAT gateway`));
    }
    return { side: 'route', anchor, applicable: true, problems };
  }

  // Inside one VPC the local route carries the traffic; across VPCs a route must cover the destination.
  if (dst.subnets.length === 0) {
    problems.push(problem(flow, 'route', `the subnets of ${dst.address} are unknown`, 'declare the flow to the workload rather than to its security group, and give it a subnet group or subnet_ids'));
    return { side: 'route', anchor, applicable: true, problems };
  }
  for (const subnet of src.subnets) {
    const srcVpc = model.subnets.get(subnet)?.vpc;
    for (const d of dst.addrs) {
      if (srcVpc && d.vpc && srcVpc === d.vpc) continue;
      const rt = routeTableOf(model, subnet);
      const covered = (model.routes.get(rt) ?? []).some((r) => r.destination !== undefined && cidrCovers(model, r.destination, d));
      if (!covered) {
        problems.push(
          problem(
            flow,
            'route',
            `${subnet} (${srcVpc ?? 'unknown VPC'}) and ${d.label} (${d.vpc ?? 'unknown VPC'}) are not in the same VPC and ${rtLabel(rt)} has no route to ${d.label}`,
            `place both ends in one VPC, or add an aws_route to ${rt} towards ${d.label} through a peering connection or transit gateway`,
          ),
        );
      }
    }
  }
  return { side: 'route', anchor, applicable: true, problems };
}

/** The NACL of a subnet, or undefined for the VPC's unmanaged default NACL (allow all). */
function naclOf(model: Model, subnet: string): Nacl | undefined {
  const explicit = model.naclOfSubnet.get(subnet);
  if (explicit) return model.nacls.get(explicit) ?? { ref: explicit, label: explicit, rules: [] };
  const vpc = model.subnets.get(subnet)?.vpc;
  return vpc ? model.nacls.get(`default-nacl:${vpc}`) : undefined;
}

type NaclVerdict = { allowed: true } | { allowed: false; by: string };

/** First-match evaluation of the rules of one direction for traffic to/from every address of `peer`. */
function naclVerdict(model: Model, nacl: Nacl, egress: boolean, protocol: Protocol, from: number, to: number, peer: readonly Addr[]): NaclVerdict {
  for (const addr of peer) {
    let verdict: NaclVerdict | undefined;
    for (const rule of nacl.rules) {
      if (rule.egress !== egress || !protocolCovers(rule.protocol, protocol) || !portsOverlap(rule, from, to)) continue;
      if (!cidrMayOverlap(model, rule.cidr, addr)) continue;
      const full = portsCover(rule, from, to) && rule.cidr !== undefined && cidrCovers(model, rule.cidr, addr);
      if (!rule.allow) {
        verdict = { allowed: false, by: `rule ${rule.number} (deny, ${rule.address})` };
        break;
      }
      if (full) {
        verdict = { allowed: true };
        break;
      }
    }
    const final = verdict ?? { allowed: false, by: 'the final * rule (deny): no allow rule covers it' };
    if (!final.allowed) return { allowed: false, by: `${final.by} for ${addr.label}` };
  }
  return { allowed: true };
}

function naclSide(model: Model, flow: DeclaredFlow): SideOutcome {
  const anchor = flow.from === INTERNET ? flow.to : flow.from;
  const src = resolveEnd(model, flow.from);
  const dst = resolveEnd(model, flow.to);
  if (src.kind === 'unknown' || dst.kind === 'unknown') return { side: 'nacl', anchor, applicable: true, problems: endProblems(flow, 'nacl', src, dst) };
  const problems: Problem[] = [];
  const check = (subnet: string, egress: boolean, from: number, to: number, peer: readonly Addr[], what: string): void => {
    const nacl = naclOf(model, subnet);
    if (!nacl) return;
    const verdict = naclVerdict(model, nacl, egress, flow.protocol, from, to, peer);
    if (verdict.allowed) return;
    const ports = from === to ? `${flow.protocol}/${from}` : `${flow.protocol}/${from}-${to}`;
    problems.push(
      problem(
        flow,
        'nacl',
        `${nacl.label} of ${subnet} blocks ${egress ? 'outbound' : 'inbound'} ${ports} ${egress ? 'to' : 'from'} ${peer.map((p) => p.label).join(', ')} (${what}): ${verdict.by}`,
        `add an ${egress ? 'egress' : 'ingress'} allow rule for ${ports} ${egress ? 'to' : 'from'} those addresses to ${nacl.label}, numbered before any deny that matches (NACLs are stateless: the ${what === 'request' ? 'reply on 1024-65535 needs its own rule' : 'request needs its own rule'})`,
      ),
    );
  };
  // Source subnets: the request out, the reply in.
  for (const subnet of src.subnets) {
    check(subnet, true, flow.port, flow.port, dst.addrs, 'request');
    check(subnet, false, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to, dst.addrs, 'reply');
  }
  // Destination subnets: the request in, the reply out.
  for (const subnet of dst.subnets) {
    check(subnet, false, flow.port, flow.port, src.addrs, 'request');
    check(subnet, true, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to, src.addrs, 'reply');
  }
  return { side: 'nacl', anchor, applicable: src.subnets.length + dst.subnets.length > 0, problems };
}

function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(action);
}

function policySide(model: Model, flow: DeclaredFlow): SideOutcome {
  const anchor = flow.to;
  const dst = resolveEnd(model, flow.to);
  if (dst.kind !== 'gateway-endpoint' && dst.kind !== 'interface-endpoint') return { side: 'policy', anchor, applicable: false, problems: [] };
  const policy = readPolicy(dst.block?.config.policy, model.ctx);
  // No policy: the endpoint allows full access (its default policy).
  if (policy === 'absent') return { side: 'policy', anchor, applicable: true, problems: [] };
  if (policy === 'unknown') {
    return {
      side: 'policy',
      anchor,
      applicable: true,
      problems: [problem(flow, 'policy', `the policy of ${dst.address} is an expression the guard cannot read`, 'write the policy as a literal JSON document or a data.aws_iam_policy_document of this stack')],
    };
  }
  const src = resolveEnd(model, flow.from);
  const role = src.role;
  const principalMatches = (principals: readonly string[]): boolean =>
    principals.some((p) => {
      if (p === '*') return true;
      if (!p.startsWith('AWS:')) return false;
      const id = p.slice(4);
      if (role && referencedAddresses(id).includes(role)) return true;
      // The account (root or its id): every principal of the account whose IAM policy allows it.
      return /^\d{12}$/.test(id) || /:root$/.test(id) || /^\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}$/.test(id);
    });
  const wanted = flow.actions.length > 0 ? flow.actions : [undefined];
  const problems: Problem[] = [];
  for (const action of wanted) {
    const applies = (actions: readonly string[]): boolean => action === undefined || actions.some((a) => actionMatches(a, action));
    const allowed = policy.some((s) => s.effect === 'Allow' && principalMatches(s.principals) && applies(s.actions));
    const denied = policy.find((s) => s.effect === 'Deny' && s.conditions.length === 0 && principalMatches(s.principals) && applies(s.actions));
    const who = role ?? src.address;
    if (!allowed) {
      problems.push(
        problem(
          flow,
          'policy',
          `the policy of ${dst.address} allows ${action ?? 'nothing'} to no principal that covers ${who}`,
          `add an Allow statement for ${action ?? 'the actions the source needs'} with principal ${role ? `${role}.arn` : '"*"'} (conditions may pin the account or bucket) to the policy of ${dst.address}`,
        ),
      );
    } else if (denied) {
      problems.push(
        problem(flow, 'policy', `the policy of ${dst.address} denies ${action ?? 'every action'} to ${who} without a condition`, `narrow the Deny statement of ${dst.address} with a condition, or remove it`),
      );
    }
  }
  return { side: 'policy', anchor, applicable: true, problems };
}

const SIDES: Record<FlowSide, (model: Model, flow: DeclaredFlow) => SideOutcome> = {
  egress: egressSide,
  ingress: ingressSide,
  route: routeSide,
  nacl: naclSide,
  policy: policySide,
};

/** Evaluates one side of one declared flow. */
export function evaluateSide(flow: DeclaredFlow, side: FlowSide, ctx: RuleContext): SideOutcome {
  const model = modelOf(ctx);
  const memo = model.outcomes.get(flow) ?? {};
  model.outcomes.set(flow, memo);
  return (memo[side] ??= SIDES[side](model, flow));
}

/**
 * The rule body shared by PHI-NET-1..5: the problems of `side` for every flow anchored on `address`;
 * undefined when no declared flow is anchored there.
 */
export function sideProblemsAt(address: string, side: FlowSide, ctx: RuleContext): Problem[] | undefined {
  let applicable = false;
  const problems: Problem[] = [];
  for (const flow of ctx.flows) {
    const outcome = evaluateSide(flow, side, ctx);
    if (outcome.anchor !== address || !outcome.applicable) continue;
    applicable = true;
    problems.push(...outcome.problems);
  }
  return applicable ? problems : undefined;
}

// ---------------------------------------------------------------------------------------------
// Data tier
// ---------------------------------------------------------------------------------------------

/** Security groups of the declared data tier, each with the declaration it comes from. */
export function dataTierGroups(ctx: RuleContext): Map<string, string> {
  const model = modelOf(ctx);
  const out = new Map<string, string>();
  for (const member of ctx.dataTier) {
    for (const g of resolveEnd(model, member.address).securityGroups) if (!out.has(g)) out.set(g, member.declaredAt);
  }
  return out;
}

/**
 * The ingress of a data-tier group that no declared flow needs: anything but a rule that admits a
 * declared source's security group on exactly the declared protocol and port.
 */
export function undeclaredIngress(group: string, ctx: RuleContext): Problem[] {
  const model = modelOf(ctx);
  const admitted = ctx.flows
    .map((flow) => ({ flow, dst: resolveEnd(model, flow.to), src: resolveEnd(model, flow.from) }))
    .filter(({ dst }) => dst.securityGroups.includes(group));
  const problems: Problem[] = [];
  for (const rule of rulesOf(model, [group], 'ingress')) {
    const matching = admitted.filter(({ flow }) => rule.protocol === flow.protocol && rule.from === flow.port && rule.to === flow.port);
    const ports = rule.protocol === '-1' ? 'all traffic' : `${rule.protocol}/${rule.from === rule.to ? rule.from : `${rule.from}-${rule.to}`}`;
    const peers: { label: string; ok: boolean }[] = [
      ...rule.groups.map((g) => ({ label: g, ok: matching.some(({ src }) => src.securityGroups.includes(g)) })),
      ...rule.cidrs.map((c) => ({ label: c, ok: isAnyIpv4(c) && matching.some(({ src }) => src.kind === 'internet') })),
      ...rule.prefixLists.map((p) => ({ label: `prefix list ${p}`, ok: false })),
      ...(rule.self ? [{ label: `${group} itself (self)`, ok: matching.some(({ src }) => src.securityGroups.includes(group)) }] : []),
    ];
    for (const peer of peers.filter((p) => !p.ok)) {
      problems.push({
        message: `${rule.address === group ? `an inline ingress block of ${group}` : rule.address} admits ${peer.label} on ${ports} into the data tier (${group}), which no declared flow needs`,
        fix: `remove that ingress, or declare the flow with PhiGuard.declareFlow (from the source's workload, on its one port) if the source really needs the data tier`,
      });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Proof of every declared flow
// ---------------------------------------------------------------------------------------------

export type SideStatus = 'open' | 'blocked' | 'not-applicable';

/** Every side of one declared flow, as the rules judge it. */
export interface FlowProof {
  readonly flow: DeclaredFlow;
  readonly sides: Readonly<Record<FlowSide, { readonly status: SideStatus; readonly ruleId: string; readonly anchor: string; readonly problems: readonly Problem[] }>>;
  /** True when no applicable side is blocked. */
  readonly open: boolean;
}

/** Proves every declared flow of a context, side by side. */
export function proveFlows(ctx: RuleContext): FlowProof[] {
  return ctx.flows.map((flow) => {
    const sides = {} as Record<FlowSide, FlowProof['sides'][FlowSide]>;
    for (const side of Object.keys(SIDES) as FlowSide[]) {
      const o = evaluateSide(flow, side, ctx);
      sides[side] = { status: !o.applicable ? 'not-applicable' : o.problems.length ? 'blocked' : 'open', ruleId: FLOW_SIDE_RULES[side], anchor: o.anchor, problems: o.problems };
    }
    return { flow, sides, open: Object.values(sides).every((s) => s.status !== 'blocked') };
  });
}

// ---------------------------------------------------------------------------------------------
// Exposure: ingress from beyond the VPC into the data tier and the web tier (PHI-NET-7, PHI-NET-8)
// ---------------------------------------------------------------------------------------------

/** Types whose security groups are data tier by type, declared or not: the PHI stores of the stack. */
export const DATA_TIER_TYPES = ['aws_db_instance', 'aws_rds_cluster', 'aws_elasticache_replication_group', 'aws_elasticache_cluster', 'aws_elasticache_serverless_cache'] as const;

/** Types whose security groups are web tier: load balancers and the instances behind them. */
export const WEB_TIER_TYPES = ['aws_lb', 'aws_alb', 'aws_launch_template', 'aws_launch_configuration', 'aws_instance'] as const;

/** Block types that declare security group ingress: inline blocks, and both kinds of rule resources. */
export const INGRESS_RULE_TYPES = ['aws_security_group', 'aws_default_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'];

type Tier = 'data' | 'web';

interface TierGroup {
  readonly tier: Tier;
  /** The workloads that attach the group (addresses), or the declaration that put it in the data tier. */
  readonly members: string[];
  /** Listener ports of the load balancers attaching the group, when only load balancers attach it. */
  readonly listenerPorts?: Set<number>;
}

interface Exposure {
  readonly groups: Map<string, TierGroup>;
  /** Ingress rules by the address of the block that declares them. */
  readonly rulesByBlock: Map<string, SgRule[]>;
}

const EXPOSURES = new WeakMap<RuleContext, Exposure>();

/** Security groups a workload block attaches. */
function attachedGroups(model: Model, r: SynthResource): string[] {
  const c = r.config;
  switch (r.type) {
    case 'aws_lb':
    case 'aws_alb':
      return model.sgRefs(c.security_groups);
    case 'aws_launch_template':
      return [...model.sgRefs(c.vpc_security_group_ids), ...blocks(c.network_interfaces).flatMap((n) => model.sgRefs(n.security_groups))];
    case 'aws_launch_configuration':
      return model.sgRefs(c.security_groups);
    case 'aws_elasticache_replication_group':
    case 'aws_elasticache_cluster':
    case 'aws_elasticache_serverless_cache':
      return model.sgRefs(c.security_group_ids);
    default:
      return model.sgRefs(c.vpc_security_group_ids);
  }
}

function exposureOf(ctx: RuleContext): Exposure {
  const cached = EXPOSURES.get(ctx);
  if (cached) return cached;
  const model = modelOf(ctx);
  const groups = new Map<string, TierGroup>();
  const add = (group: string, tier: Tier, member: string): void => {
    const g = groups.get(group);
    if (!g) groups.set(group, { tier, members: [member] });
    else if (g.tier === tier && !g.members.includes(member)) g.members.push(member);
    else if (g.tier === 'web' && tier === 'data') groups.set(group, { tier, members: [member] });
  };
  for (const type of DATA_TIER_TYPES) for (const r of ctx.byType(type, 'resource').filter(exists)) for (const g of attachedGroups(model, r)) add(g, 'data', r.address);
  for (const [g, declaredAt] of dataTierGroups(ctx)) add(g, 'data', `the data tier declared at ${declaredAt}`);
  const lbGroups = new Map<string, Set<number>>();
  const otherWeb = new Set<string>();
  for (const type of WEB_TIER_TYPES) {
    for (const r of ctx.byType(type, 'resource').filter(exists)) {
      const isLb = type === 'aws_lb' || type === 'aws_alb';
      const ports = isLb ? listenerPortsOf(ctx, r.address) : undefined;
      for (const g of attachedGroups(model, r)) {
        if (groups.get(g)?.tier === 'data') continue;
        add(g, 'web', r.address);
        if (ports) lbGroups.set(g, new Set([...(lbGroups.get(g) ?? []), ...ports]));
        else otherWeb.add(g);
      }
    }
  }
  for (const [g, ports] of lbGroups) {
    const tierGroup = groups.get(g);
    if (tierGroup && !otherWeb.has(g)) groups.set(g, { ...tierGroup, listenerPorts: ports });
  }
  const rulesByBlock = new Map<string, SgRule[]>();
  for (const list of model.sgRules.values()) {
    for (const rule of list) {
      if (rule.direction !== 'ingress') continue;
      rulesByBlock.set(rule.address, [...(rulesByBlock.get(rule.address) ?? []), rule]);
    }
  }
  const exposure = { groups, rulesByBlock };
  EXPOSURES.set(ctx, exposure);
  return exposure;
}

/** Literal ports of the listeners of a load balancer (a port unknown until apply is not one). */
function listenerPortsOf(ctx: RuleContext, lb: string): number[] {
  return ['aws_lb_listener', 'aws_alb_listener']
    .flatMap((t) => ctx.byType(t, 'resource'))
    .filter((l) => exists(l) && referencedAddresses(l.config.load_balancer_arn).includes(lb))
    .map((l) => numberOf(l.config.port))
    .filter((p): p is number => typeof p === 'number');
}

/** The VPC of a security group (its `vpc_id`, or the VPC of a default group), when the stack has it. */
function vpcOfGroup(ctx: RuleContext, group: string): string | undefined {
  if (group.startsWith('default-sg:')) return group.slice('default-sg:'.length);
  const b = ctx.byAddress(group);
  const vpc = b ? refOf(b.config.vpc_id) : undefined;
  return vpc && vpc.startsWith('aws_vpc.') ? vpc : undefined;
}

/** The literal IPv4 CIDRs of a VPC: its cidr_block and secondary aws_vpc_ipv4_cidr_block_association blocks. */
function vpcCidrsOf(model: Model, vpc: string): string[] {
  const primary = model.vpcCidrs.get(vpc);
  const secondary = model.ctx
    .byType('aws_vpc_ipv4_cidr_block_association', 'resource')
    .filter((a) => exists(a) && refOf(a.config.vpc_id) === vpc)
    .map((a) => literalString(a.config.cidr_block))
    .filter((c): c is string => c !== undefined);
  return [...(primary ? [primary] : []), ...secondary];
}

/** Why a CIDR of an ingress rule is not provably inside `vpc`, or undefined when it is. */
function outsideVpc(model: Model, cidr: string, vpc: string | undefined): string | undefined {
  const ref = /^\$\{(aws_vpc|aws_subnet|aws_vpc_ipv4_cidr_block_association)\.([\w-]+)\.(cidr_block|ipv6_cidr_block)\}$/.exec(cidr.trim());
  if (ref && vpc) {
    const address = `${ref[1]}.${ref[2]}`;
    if (ref[1] === 'aws_vpc' && address === vpc) return undefined;
    if (ref[1] === 'aws_subnet' && model.subnets.get(address)?.vpc === vpc) return undefined;
    if (ref[1] === 'aws_vpc_ipv4_cidr_block_association' && refOf(model.ctx.byAddress(address)?.config.vpc_id) === vpc) return undefined;
  }
  const literal = literalCidr(model, cidr);
  if (literal === undefined) return `${cidr} is unknown until apply`;
  if (literal.includes(':')) return `${literal} is an IPv6 range the guard cannot place inside the VPC`;
  if (!vpc) return `the VPC of the group is not in this stack, so ${literal} cannot be shown to stay inside it`;
  const cidrs = vpcCidrsOf(model, vpc);
  if (cidrs.length === 0) return `the CIDR of ${vpc} is unknown until apply, so ${literal} cannot be shown to stay inside it`;
  if (cidrs.some((v) => cidrContains(v, literal))) return undefined;
  return isAnyIpv4(literal) ? `${literal} is the whole internet` : `${literal} is not inside ${vpc} (${cidrs.join(', ')})`;
}

/** The CIDRs a prefix list of the stack holds, or undefined when it is not one (AWS-managed or elsewhere). */
function prefixListCidrs(ctx: RuleContext, value: string): string[] | undefined {
  const list = refOf(value);
  if (!list || !list.startsWith('aws_ec2_managed_prefix_list.')) return undefined;
  const b = ctx.byAddress(list);
  if (!b) return undefined;
  const entries = ctx.byType('aws_ec2_managed_prefix_list_entry', 'resource').filter((e) => exists(e) && refOf(e.config.prefix_list_id) === list);
  return [...blocks(b.config.entry).map((e) => e.cidr), ...entries.map((e) => e.config.cidr)].map((c) => (typeof c === 'string' ? c : '${unknown}'));
}

function portsLabel(rule: SgRule): string {
  if (rule.protocol === '-1') return 'all traffic';
  if (Number.isNaN(rule.from) || Number.isNaN(rule.to)) return `${rule.protocol} on ports unknown until apply`;
  return `${rule.protocol}/${rule.from === rule.to ? rule.from : `${rule.from}-${rule.to}`}`;
}

/** Whether a rule opens only listener ports of the load balancers that attach its group. */
function onlyListenerPorts(rule: SgRule, ports: Set<number> | undefined): boolean {
  if (!ports || ports.size === 0 || !['tcp', 'udp'].includes(rule.protocol)) return false;
  if (Number.isNaN(rule.from) || Number.isNaN(rule.to) || rule.to - rule.from > 1024) return false;
  for (let p = rule.from; p <= rule.to; p++) if (!ports.has(p)) return false;
  return true;
}

/**
 * The ingress rules declared by `block` that admit addresses from beyond the VPC into a group of
 * `tier`: a CIDR not inside the group's VPC (0.0.0.0/0, ::/0, another network, a range unknown
 * until apply) or a prefix list whose ranges are not all inside it. For the web tier, a group that
 * only load balancers attach may admit any address on their listener ports.
 */
export function wideIngress(block: string, tier: Tier, ctx: RuleContext): Problem[] | undefined {
  const model = modelOf(ctx);
  const { groups, rulesByBlock } = exposureOf(ctx);
  const rules = (rulesByBlock.get(block) ?? []).filter((r) => groups.get(r.owner)?.tier === tier);
  if (rules.length === 0) return undefined;
  const problems: Problem[] = [];
  for (const rule of rules) {
    const group = groups.get(rule.owner)!;
    const vpc = vpcOfGroup(ctx, rule.owner);
    const reasons: string[] = [];
    for (const cidr of rule.cidrs) {
      const why = outsideVpc(model, cidr, vpc);
      if (why) reasons.push(why);
    }
    for (const list of rule.prefixLists) {
      const cidrs = prefixListCidrs(ctx, list);
      const label = refOf(list) ?? list;
      if (!cidrs) reasons.push(`prefix list ${label} holds ranges the guard cannot read at synth`);
      else {
        for (const cidr of cidrs) {
          const why = outsideVpc(model, cidr, vpc);
          if (why) reasons.push(`prefix list ${label}: ${why}`);
        }
      }
    }
    if (reasons.length === 0) continue;
    if (tier === 'web' && onlyListenerPorts(rule, group.listenerPorts)) continue;
    const who = rule.address === rule.owner ? `an inline ingress block of ${rule.owner}` : rule.address;
    const members = group.members.join(', ');
    if (tier === 'data') {
      problems.push({
        message: `${who} admits ${portsLabel(rule)} into the data tier (${rule.owner}, the group of ${members}) from beyond the VPC: ${reasons.join('; ')}`,
        fix: 'remove that ingress; admit the clients by security group (referenced_security_group_id) or by a CIDR inside the VPC, never from the internet',
      });
    } else {
      const listeners = group.listenerPorts ? [...group.listenerPorts].sort((a, b) => a - b).join(', ') : '';
      problems.push({
        message: `${who} admits ${portsLabel(rule)} into the web tier (${rule.owner}, the group of ${members}) from beyond the VPC: ${reasons.join('; ')}${
          listeners ? `; only the listener ports of the load balancer (${listeners}) may be open to it` : '; only a load balancer\'s group may admit clients from outside the VPC, on its listener ports'
        }`,
        fix: 'remove that ingress: clients reach the web tier through the load balancer listeners, instances only from the load balancer\'s group, administrators through SSM Session Manager',
      });
    }
  }
  return problems;
}
