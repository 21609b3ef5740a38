// The subnets of every tier and AZ, one route table each, and the public tier's default route to
// the internet gateway. No subnet assigns public IPs on launch.
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Construct } from 'constructs';
import { AvailabilityZones } from './availability-zones';
import { VpcAzsContext } from './context';
import { SUBNET_TIERS, SubnetTier } from './props';

/** The subnets and route tables per tier, ordered by AZ. */
export interface Subnets {
  readonly subnets: Record<SubnetTier, Subnet[]>;
  readonly routeTables: Record<SubnetTier, RouteTable[]>;
}

/** What the subnets are placed in. */
export interface SubnetsDeps {
  readonly vpc: Vpc;
  readonly igw: InternetGateway;
  readonly zones: AvailabilityZones;
}

/** The subnets, route tables and associations of the VpcAzs at `scope`, and the public default routes. */
export function createSubnets(scope: Construct, ctx: VpcAzsContext, deps: SubnetsDeps): Subnets {
  const { tags } = ctx;
  const { name, azCount, plan } = ctx.settings;
  const { vpc, igw } = deps;
  const { azNames, azLabel } = deps.zones;
  const subnets: Record<SubnetTier, Subnet[]> = { public: [], private: [], data: [] };
  const routeTables: Record<SubnetTier, RouteTable[]> = { public: [], private: [], data: [] };
  for (const tier of SUBNET_TIERS) {
    for (let i = 0; i < azCount; i++) {
      const label = azLabel(i);
      const subnet = new Subnet(scope, `${tier}-subnet-${i}`, {
        vpcId: vpc.id,
        availabilityZone: azNames[i],
        cidrBlock: plan[tier][i],
        // Nothing is launched with a public IP by accident, not even in the public tier: the ALB
        // and the NAT gateways get their addresses explicitly.
        mapPublicIpOnLaunch: false,
        tags: tags(`${name}-${tier}-${label}`, { 'phi-stack:tier': tier }),
      });
      subnets[tier].push(subnet);
      const rt = new RouteTable(scope, `${tier}-rt-${i}`, {
        vpcId: vpc.id,
        tags: tags(`${name}-${tier}-${label}`, { 'phi-stack:tier': tier }),
      });
      routeTables[tier].push(rt);
      new RouteTableAssociation(scope, `${tier}-rta-${i}`, { subnetId: subnet.id, routeTableId: rt.id });
    }
  }
  for (let i = 0; i < azCount; i++) {
    new Route(scope, `public-default-route-${i}`, {
      routeTableId: routeTables.public[i].id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });
  }
  return { subnets, routeTables };
}
