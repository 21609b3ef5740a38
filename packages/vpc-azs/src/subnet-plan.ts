// The address plan of the VPC: the subnet CIDRs of every tier and AZ, computed (or checked) at
// synth so that a bad layout fails before any API call.
import { Problems } from '@phi-stack/constructs-core';
import { Token } from 'cdktf';
import { cidrContains, cidrSubnet, findOverlap, formatCidr, Ipv4Cidr, parseCidr } from './cidr';
import { SUBNET_TIERS, SubnetTier, VpcAzsProps } from './props';

/**
 * Address slots reserved per tier: the default layout gives every tier room for 8 AZs so that
 * adding an AZ later never renumbers (and so never replaces) an existing subnet.
 */
const AZ_SLOT_BITS = 3;
/** Tier blocks: public, private, data and one spare quarter for later tiers. */
const TIER_BITS = 2;
/** AWS rejects subnets smaller than /28. */
const SMALLEST_SUBNET_PREFIX = 28;

/** Subnet CIDRs per tier, ordered by AZ. */
export type SubnetPlan = Record<SubnetTier, string[]>;

/**
 * Computes (or checks) the subnet CIDRs of every tier: explicit lists are validated, the rest
 * come from the default layout. Records every problem in `problems` and returns undefined when the
 * plan cannot be made; without a valid `azCount` only the VPC block is checked.
 */
export function planSubnets(
  problems: Problems,
  props: Pick<VpcAzsProps, 'cidrBlock' | 'publicSubnetCidrs' | 'privateSubnetCidrs' | 'dataSubnetCidrs'>,
  azCount: number | undefined,
): SubnetPlan | undefined {
  if (Token.isUnresolved(props.cidrBlock)) {
    problems.add(`cidrBlock must be a literal CIDR block (got a token): subnet CIDRs are computed at synth`);
    return undefined;
  }
  const vpc = tryParse(problems, props.cidrBlock, 'cidrBlock');
  if (vpc === undefined) return undefined;
  if (vpc.prefix < 16 || vpc.prefix > 28) {
    problems.add(`cidrBlock must be between /16 and /28 (got '${props.cidrBlock}'): AWS VPCs allow /16 to /28`);
    return undefined;
  }
  const explicit: Record<SubnetTier, string[] | undefined> = {
    public: props.publicSubnetCidrs,
    private: props.privateSubnetCidrs,
    data: props.dataSubnetCidrs,
  };
  const needsDefault = SUBNET_TIERS.some((tier) => !explicit[tier]);
  const defaultPrefix = vpc.prefix + TIER_BITS + AZ_SLOT_BITS;
  if (needsDefault && defaultPrefix > SMALLEST_SUBNET_PREFIX) {
    problems.add(
      `cidrBlock '${props.cidrBlock}' is too small for the default layout (4 tier blocks of 8 AZ slots would make /${defaultPrefix} subnets, and AWS requires /28 or larger): use a /23 or larger block, or pass publicSubnetCidrs, privateSubnetCidrs and dataSubnetCidrs`,
    );
    return undefined;
  }
  if (azCount === undefined) return undefined;

  // The overlap of the blocks is checked only when every explicit block is valid.
  const found = problems.list.length;
  const plan: SubnetPlan = { public: [], private: [], data: [] };
  const blocks: { label: string; cidr: Ipv4Cidr }[] = [];
  SUBNET_TIERS.forEach((tier, tierIndex) => {
    const list = explicit[tier];
    if (list) {
      const prop = `${tier}SubnetCidrs`;
      if (list.length !== azCount) {
        problems.add(`${prop} must have one CIDR per AZ (got ${list.length} for ${azCount} AZs)`);
        return;
      }
      list.forEach((text, i) => {
        const cidr = tryParse(problems, text, `${prop}[${i}]`);
        if (cidr === undefined) return;
        if (cidr.prefix > SMALLEST_SUBNET_PREFIX) {
          problems.add(`${prop}[${i}] must be /28 or larger (got '${text}'): AWS rejects smaller subnets`);
        } else if (!cidrContains(vpc, cidr)) {
          problems.add(`${prop}[${i}] '${text}' is outside cidrBlock '${props.cidrBlock}': every subnet must lie inside the VPC block`);
        }
        blocks.push({ label: `${prop}[${i}] '${text}'`, cidr });
        plan[tier].push(formatCidr(cidr));
      });
    } else {
      const tierBlock = cidrSubnet(vpc, TIER_BITS, tierIndex);
      for (let i = 0; i < azCount; i++) {
        const cidr = cidrSubnet(tierBlock, AZ_SLOT_BITS, i);
        blocks.push({ label: `default ${tier} subnet ${i} '${formatCidr(cidr)}'`, cidr });
        plan[tier].push(formatCidr(cidr));
      }
    }
  });
  if (problems.list.length > found) return undefined;
  const overlap = findOverlap(blocks);
  if (overlap) {
    problems.add(`subnet ranges overlap: ${overlap[0].label} and ${overlap[1].label}: give every tier and AZ a disjoint block`);
    return undefined;
  }
  return plan;
}

/** The parsed block, or undefined with its problem recorded. */
function tryParse(problems: Problems, text: string, what: string): Ipv4Cidr | undefined {
  try {
    return parseCidr(text, what);
  } catch (e) {
    problems.add((e as Error).message);
    return undefined;
  }
}
