/** IPv4 CIDR arithmetic used at synth time: parsing, overlap checks and subnet carving. */

export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  /** Prefix length, 0-32. */
  readonly prefix: number;
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`. Returns undefined for anything that is not a canonical IPv4 CIDR block. */
export function tryParseCidr(text: string): Ipv4Cidr | undefined {
  const m = CIDR_RE.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const network = (address & prefixMask(prefix)) >>> 0;
  if (network !== address) return undefined; // host bits set: not a network address
  return { network, prefix };
}

/** Parses `a.b.c.d/n` or throws an error naming `what` and the value. */
export function parseCidr(text: string, what: string): Ipv4Cidr {
  const cidr = tryParseCidr(text);
  if (!cidr) {
    throw new Error(`${what} must be an IPv4 CIDR block with no host bits set, like 10.0.0.0/16 (got '${text}')`);
  }
  return cidr;
}

function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Number of addresses in the block. */
export function cidrSize(cidr: Ipv4Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const aEnd = a.network + cidrSize(a) - 1;
  const bEnd = b.network + cidrSize(b) - 1;
  return a.network <= bEnd && b.network <= aEnd;
}

/** Formats a block as `a.b.c.d/n`. */
export function formatCidr(cidr: Ipv4Cidr): string {
  const n = cidr.network;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${cidr.prefix}`;
}

/**
 * The `index`-th subnet of `newBits` extra prefix bits inside `parent`, like Terraform's
 * `cidrsubnet(parent, newBits, index)`.
 */
export function cidrSubnet(parent: Ipv4Cidr, newBits: number, index: number): Ipv4Cidr {
  const prefix = parent.prefix + newBits;
  if (prefix > 32) throw new Error(`cannot add ${newBits} bits to /${parent.prefix}`);
  if (index < 0 || index >= 2 ** newBits) throw new Error(`subnet index ${index} does not fit in ${newBits} bits`);
  return { network: (parent.network + index * 2 ** (32 - prefix)) >>> 0, prefix };
}

/** True when every address of `inner` lies inside `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.network >= outer.network && inner.network + cidrSize(inner) <= outer.network + cidrSize(outer);
}

/** The first pair of overlapping blocks in `blocks` (by label), or undefined when all are disjoint. */
export function findOverlap<T extends { readonly cidr: Ipv4Cidr }>(blocks: readonly T[]): [T, T] | undefined {
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      if (cidrsOverlap(blocks[i].cidr, blocks[j].cidr)) return [blocks[i], blocks[j]];
    }
  }
  return undefined;
}
