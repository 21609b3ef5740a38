// Validation of the VPC's props: every check runs before the first resource exists, every problem
// is collected (Problems) and thrown at once, and the settings (props after defaults, and the
// address plan) the resource families read are returned.
import { kmsKeyProblem, OPT_OUTS, optOutReasonProblem, Problems } from '@phi-stack/constructs-core';
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

/**
 * Validates `props` of the VpcAzs at `path` and throws one Error naming every problem
 * (`<path>: <problem>`, or `<path>: <n> problems:` and a line each). A check that reads a value
 * validated before it (the AZ count, the retention) runs only when that value is valid.
 */
export function validateVpcAzs(path: string, props: VpcAzsProps): VpcAzsSettings {
  const problems = new Problems(path);
  problems.add(kmsKeyProblem('kmsKey', props.kmsKey));
  const name = props.name;
  if (!/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/.test(name)) {
    problems.add(`name must be 2-24 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen (got '${name}'): it prefixes every resource name`);
  }

  // ---- Availability Zones
  const explicitAzs = props.availabilityZones;
  const azCount = props.azCount ?? explicitAzs?.length ?? 3;
  let azCountOk = true;
  // An explicit list is checked as such: its caller never set azCount, so the message names the list.
  if (explicitAzs && !Token.isUnresolved(explicitAzs) && props.azCount === undefined && (explicitAzs.length < 2 || explicitAzs.length > 6)) {
    problems.add(
      `availabilityZones must list between 2 and 6 Availability Zones (got ${explicitAzs.length}: [${explicitAzs.join(', ')}]): two AZs is the minimum for high availability, add a second zone of the region`,
    );
    azCountOk = false;
  } else if (!Number.isInteger(azCount) || azCount < 2 || azCount > 6) {
    problems.add(`azCount must be an integer between 2 and 6 (got ${azCount}): two AZs is the minimum for high availability`);
    azCountOk = false;
  }
  if (explicitAzs) {
    if (azCountOk && explicitAzs.length !== azCount) {
      problems.add(`availabilityZones has ${explicitAzs.length} names but azCount is ${azCount}: pass one of the two, or make them agree`);
    }
    const seen = new Set<string>();
    let namesOk = true;
    for (const az of explicitAzs) {
      if (Token.isUnresolved(az)) continue;
      if (!/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/.test(az)) {
        problems.add(`availabilityZones must hold AZ names like us-east-1a (got '${az}')`);
        namesOk = false;
      } else if (seen.has(az)) {
        problems.add(`availabilityZones lists '${az}' twice: each subnet tier needs distinct AZs`);
      }
      seen.add(az);
    }
    // A VPC lives in one region: every AZ name is its region's name plus one letter.
    const regions = [...new Set(explicitAzs.filter((az) => !Token.isUnresolved(az)).map((az) => az.slice(0, -1)))];
    if (namesOk && regions.length > 1) {
      problems.add(
        `availabilityZones must all be in one region (got [${explicitAzs.join(', ')}], zones of ${regions.join(' and ')}): a VPC and its subnets live in a single region, pass the zones of the stack's region only`,
      );
    }
  }

  // ---- Options
  const natMode = props.natGateways ?? 'per-az';
  if (natMode !== 'per-az' && natMode !== 'single') {
    problems.add(`natGateways must be 'per-az' or 'single' (got '${String(natMode)}')`);
  }
  problems.add(
    optOutReasonProblem(
      natMode === 'single',
      'singleNatGatewayReason',
      props.singleNatGatewayReason,
      "natGateways is 'single' (one NAT gateway cuts private-subnet egress in every AZ when its AZ fails)",
      OPT_OUTS.natPerAz,
    ),
  );
  const retention = props.flowLogRetentionDays ?? 365;
  if (!LOG_RETENTION_DAYS.includes(retention)) {
    problems.add(`flowLogRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')} (got ${retention}): CloudWatch Logs accepts only these values`);
  } else {
    problems.add(
      optOutReasonProblem(
        retention < 365,
        'flowLogRetentionReason',
        props.flowLogRetentionReason,
        `flowLogRetentionDays is ${retention}, below 365 (network logs of PHI systems are kept at least a year by default)`,
        OPT_OUTS.flowLogRetention,
      ),
    );
  }
  const endpointServices = props.interfaceEndpoints ?? [];
  for (const service of endpointServices) {
    if (!INTERFACE_ENDPOINT_SERVICES.includes(service)) {
      problems.add(`interfaceEndpoints must contain only ${INTERFACE_ENDPOINT_SERVICES.join(', ')} (got '${String(service)}')`);
    }
  }
  if (new Set(endpointServices).size !== endpointServices.length) {
    problems.add(`interfaceEndpoints lists a service twice (got ${endpointServices.join(', ')})`);
  }
  const extraBucketArns = props.s3EndpointAllowedBucketArns ?? [];
  for (const arn of extraBucketArns) {
    if (Token.isUnresolved(arn)) continue;
    if (!/^arn:aws[a-z-]*:s3:::[a-z0-9*][a-z0-9.*-]{0,62}$/.test(arn) || /^arn:aws[a-z-]*:s3:::\*$/.test(arn)) {
      problems.add(
        `s3EndpointAllowedBucketArns must hold bucket ARNs like arn:aws:s3:::partner-bucket (got '${arn}'): objects are included, and a bare '*' would reopen the endpoint to every bucket`,
      );
    }
  }

  // ---- Address plan (computed at synth so that a bad layout fails before any API call): the
  // subnets are laid out only for a valid AZ count.
  const plan = planSubnets(problems, props, azCountOk ? azCount : undefined);
  problems.throwIfAny();

  return { name, explicitAzs, azCount, natMode, retention, endpointServices, extraBucketArns, plan: plan! };
}
