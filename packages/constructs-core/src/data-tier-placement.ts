import { Token } from 'cdktf';
import { subnetAvailabilityZonesProblem } from './subnet-zones';

/**
 * Where a data-tier module (a database, a cache) lives and who may reach it: the props that
 * `RdsMysqlHaProps` and `RedisPhiProps` share, checked by {@link dataTierPlacementProblems}.
 */
export interface DataTierPlacementProps {
  /** VPC of the data-tier subnets. */
  readonly vpcId: string;
  /** Data-tier subnets of the construct's subnet group (DB or cache subnet group): at least two, in different Availability Zones. */
  readonly subnetIds: string[];
  /**
   * The Availability Zone of each subnet in `subnetIds`, in the same order (the VPC's
   * `availabilityZones` for its `dataSubnetIds`). Given, the construct places its nodes without a
   * `data.aws_subnet` lookup, so a first plan shows their zones instead of "known after apply".
   * @default - each subnet's zone is looked up with `data.aws_subnet`
   */
  readonly subnetAvailabilityZones?: string[];
  /**
   * Security groups allowed to connect on the engine's port, by id. Prefer the construct's
   * `allowFrom(web)`, which also opens the peer's egress. Between the two, at least one group must
   * be admitted.
   * @default - none; call `allowFrom`
   */
  readonly allowedSecurityGroupIds?: string[];
}

/**
 * The problems of the placement props, in the order they are checked (`<prop> must … (got …):
 * <fix>`, without the construct path), or `[]`: at least two subnets, their zones when given, and an
 * `allowedSecurityGroupIds` list known at synth (its ids may be tokens; the ingress rules are
 * numbered by it). Whether anything may connect at all is checked at synth, after every `allowFrom`
 * (`createDataTierSecurityGroup`).
 */
export function dataTierPlacementProblems(props: DataTierPlacementProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.subnetIds) && props.subnetIds.length < 2) {
    problems.push(`subnetIds must list at least 2 subnets in different Availability Zones (got ${props.subnetIds.length}): pass the data-tier subnets of the VPC`);
  }
  const zonesProblem = subnetAvailabilityZonesProblem(props.subnetIds, props.subnetAvailabilityZones);
  if (zonesProblem) problems.push(zonesProblem);
  if (props.allowedSecurityGroupIds !== undefined && Token.isUnresolved(props.allowedSecurityGroupIds)) {
    problems.push('allowedSecurityGroupIds must be an array known at synth time (got an unresolved list): pass the ids one by one, they may be tokens');
  }
  return problems;
}
