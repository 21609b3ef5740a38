// The NAT gateways in the public tier (one per AZ, or one with `natGateways: 'single'`) and the
// private tier's default routes through them. The data tier gets no default route.
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { OPT_OUTS, optOutTag } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { AvailabilityZones } from './availability-zones';
import { VpcAzsContext } from './context';
import { Subnets } from './subnets';

/** What the NAT gateways are placed in. */
export interface NatGatewaysDeps {
  readonly igw: InternetGateway;
  readonly network: Subnets;
  readonly zones: AvailabilityZones;
}

/** The NAT gateways (with their Elastic IPs) of the VpcAzs at `scope`, and the private default routes. */
export function createNatGateways(scope: Construct, ctx: VpcAzsContext, deps: NatGatewaysDeps): NatGateway[] {
  const { props, tags } = ctx;
  const { name, azCount, natMode } = ctx.settings;
  const { igw } = deps;
  const { subnets, routeTables } = deps.network;
  const { azLabel } = deps.zones;
  const natCount = natMode === 'per-az' ? azCount : 1;
  const nats: NatGateway[] = [];
  for (let i = 0; i < natCount; i++) {
    const eip = new Eip(scope, `nat-eip-${i}`, { domain: 'vpc', tags: tags(`${name}-nat-${azLabel(i)}`), dependsOn: [igw] });
    nats.push(
      new NatGateway(scope, `nat-${i}`, {
        allocationId: eip.allocationId,
        subnetId: subnets.public[i].id,
        tags: tags(
          `${name}-nat-${azLabel(i)}`,
          natMode === 'single' ? optOutTag(OPT_OUTS.natPerAz, props.singleNatGatewayReason!) : {},
        ),
        dependsOn: [igw],
      }),
    );
  }
  for (let i = 0; i < azCount; i++) {
    new Route(scope, `private-default-route-${i}`, {
      routeTableId: routeTables.private[i].id,
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: nats[natMode === 'per-az' ? i : 0].id,
    });
  }
  // The data tier gets no default route: databases and caches never reach the internet.
  return nats;
}
