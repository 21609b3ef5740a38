import { Token } from 'cdktf';

/** An Availability Zone name: region, then one letter (`us-east-1a`, `us-gov-west-1b`, `eu-central-2c`). */
export const AVAILABILITY_ZONE_NAME = /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/;

/**
 * The problem of `subnetAvailabilityZones` (the zone of each subnet in `subnetIds`, in order) or
 * undefined. A module that is given the zones needs no `data.aws_subnet` lookup, whose result is
 * unknown until the subnets exist. Unresolved values are taken on trust and checked by AWS.
 */
export function subnetAvailabilityZonesProblem(subnetIds: readonly string[], zones: readonly string[] | undefined): string | undefined {
  if (zones === undefined || Token.isUnresolved(zones)) return undefined;
  if (!Token.isUnresolved(subnetIds) && zones.length !== subnetIds.length) {
    return `subnetAvailabilityZones must name the Availability Zone of each subnet in subnetIds, in the same order (got ${zones.length} zones for ${subnetIds.length} subnets)`;
  }
  const literal = zones.filter((zone) => !Token.isUnresolved(zone));
  const bad = literal.find((zone) => !AVAILABILITY_ZONE_NAME.test(zone));
  if (bad !== undefined) return `subnetAvailabilityZones must hold Availability Zone names such as 'us-east-1a' (got '${bad}'): pass the zone names, not zone ids (use1-az1) or regions`;
  const regions = [...new Set(literal.map((zone) => zone.slice(0, -1)))];
  if (regions.length > 1) return `subnetAvailabilityZones must all be in one region (got ${literal.join(', ')}, in ${regions.join(' and ')}): a subnet group cannot span regions`;
  if (literal.length === zones.length && new Set(literal).size < 2) {
    return `subnetAvailabilityZones must span at least 2 Availability Zones (got ${literal.join(', ')}): AWS requires a subnet group in 2 zones, and Multi-AZ needs its standby in another zone`;
  }
  return undefined;
}
