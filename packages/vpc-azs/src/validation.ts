// Validation of the VPC's props: every check runs before the first resource exists, in the order
// the checks have always run (so the first problem reported is unchanged), and yields the settings
// (props after defaults, and the address plan) the resource families read.
import { kmsKeyProblem, OPT_OUTS, optOutReasonProblem } from '@phi-stack/constructs-core';
import { Token } from 'cdktf';
import { INTERFACE_ENDPOINT_SERVICES, InterfaceEndpointService, LOG_RETENTION_DAYS, NatGatewayMode, VpcAzsProps } from './props';
import { planSubnets, SubnetPlan } from './subnet-plan';

/** The props of the VpcAzs after validation and defaults, as the resource families read them. */
export interface VpcAzsSettings {
  readonly name: string;
  /** `availabilityZones`, checked (undefined when the zones are looked up). */
  readonly explicitAzs?: string[];
  readonly azCount: number;
  readonly natMode: NatGatewayMode;
  /** `flowLogRetentionDays` after its default. */
  readonly retention: number;
  readonly endpointServices: InterfaceEndpointService[];
  /** `s3EndpointAllowedBucketArns`, checked. */
  readonly extraBucketArns: string[];
  /** The subnet CIDRs of every tier. */
  readonly plan: SubnetPlan;
}

/** Validates `props` of the VpcAzs at `path`; throws `<path>: <problem>` on the first problem. */
export function validateVpcAzs(path: string, props: VpcAzsProps): VpcAzsSettings {
  const keyProblem = kmsKeyProblem('kmsKey', props.kmsKey);
  if (keyProblem) throw new Error(`${path}: ${keyProblem}`);
  const name = props.name;
  if (!/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/.test(name)) {
    throw new Error(`${path}: name must be 2-24 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen (got '${name}'): it prefixes every resource name`);
  }

  // ---- Availability Zones
  const explicitAzs = props.availabilityZones;
  // An explicit list is checked as such: its caller never set azCount, so the message names the list.
  if (explicitAzs && !Token.isUnresolved(explicitAzs) && props.azCount === undefined && (explicitAzs.length < 2 || explicitAzs.length > 6)) {
    throw new Error(
      `${path}: availabilityZones must list between 2 and 6 Availability Zones (got ${explicitAzs.length}: [${explicitAzs.join(', ')}]): two AZs is the minimum for high availability, add a second zone of the region`,
    );
  }
  const azCount = props.azCount ?? explicitAzs?.length ?? 3;
  if (!Number.isInteger(azCount) || azCount < 2 || azCount > 6) {
    throw new Error(`${path}: azCount must be an integer between 2 and 6 (got ${azCount}): two AZs is the minimum for high availability`);
  }
  if (explicitAzs) {
    if (explicitAzs.length !== azCount) {
      throw new Error(`${path}: availabilityZones has ${explicitAzs.length} names but azCount is ${azCount}: pass one of the two, or make them agree`);
    }
    const seen = new Set<string>();
    for (const az of explicitAzs) {
      if (Token.isUnresolved(az)) continue;
      if (!/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/.test(az)) {
        throw new Error(`${path}: availabilityZones must hold AZ names like us-east-1a (got '${az}')`);
      }
      if (seen.has(az)) throw new Error(`${path}: availabilityZones lists '${az}' twice: each subnet tier needs distinct AZs`);
      seen.add(az);
    }
    // A VPC lives in one region: every AZ name is its region's name plus one letter.
    const regions = [...new Set(explicitAzs.filter((az) => !Token.isUnresolved(az)).map((az) => az.slice(0, -1)))];
    if (regions.length > 1) {
      throw new Error(
        `${path}: availabilityZones must all be in one region (got [${explicitAzs.join(', ')}], zones of ${regions.join(' and ')}): a VPC and its subnets live in a single region, pass the zones of the stack's region only`,
      );
    }
  }

  // ---- Options
  const natMode = props.natGateways ?? 'per-az';
  if (natMode !== 'per-az' && natMode !== 'single') {
    throw new Error(`${path}: natGateways must be 'per-az' or 'single' (got '${String(natMode)}')`);
  }
  const natReason = optOutReasonProblem(
    natMode === 'single',
    'singleNatGatewayReason',
    props.singleNatGatewayReason,
    "natGateways is 'single' (one NAT gateway cuts private-subnet egress in every AZ when its AZ fails)",
    OPT_OUTS.natPerAz,
  );
  if (natReason) throw new Error(`${path}: ${natReason}`);
  const retention = props.flowLogRetentionDays ?? 365;
  if (!LOG_RETENTION_DAYS.includes(retention)) {
    throw new Error(`${path}: flowLogRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')} (got ${retention}): CloudWatch Logs accepts only these values`);
  }
  const retentionReason = optOutReasonProblem(
    retention < 365,
    'flowLogRetentionReason',
    props.flowLogRetentionReason,
    `flowLogRetentionDays is ${retention}, below 365 (network logs of PHI systems are kept at least a year by default)`,
    OPT_OUTS.flowLogRetention,
  );
  if (retentionReason) throw new Error(`${path}: ${retentionReason}`);
  const endpointServices = props.interfaceEndpoints ?? [];
  for (const service of endpointServices) {
    if (!INTERFACE_ENDPOINT_SERVICES.includes(service)) {
      throw new Error(`${path}: interfaceEndpoints must contain only ${INTERFACE_ENDPOINT_SERVICES.join(', ')} (got '${String(service)}')`);
    }
  }
  if (new Set(endpointServices).size !== endpointServices.length) {
    throw new Error(`${path}: interfaceEndpoints lists a service twice (got ${endpointServices.join(', ')})`);
  }
  const extraBucketArns = props.s3EndpointAllowedBucketArns ?? [];
  for (const arn of extraBucketArns) {
    if (Token.isUnresolved(arn)) continue;
    if (!/^arn:aws[a-z-]*:s3:::[a-z0-9*][a-z0-9.*-]{0,62}$/.test(arn) || /^arn:aws[a-z-]*:s3:::\*$/.test(arn)) {
      throw new Error(
        `${path}: s3EndpointAllowedBucketArns must hold bucket ARNs like arn:aws:s3:::partner-bucket (got '${arn}'): objects are included, and a bare '*' would reopen the endpoint to every bucket`,
      );
    }
  }

  // ---- Address plan (computed at synth so that a bad layout fails before any API call)
  const plan = planSubnets(path, props, azCount);

  return { name, explicitAzs, azCount, natMode, retention, endpointServices, extraBucketArns, plan };
}
