import { AwsTarget, DeployTarget } from '@phi-stack/aws-target';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { RegionConfig, REGION_AZS } from './region-config';

/** Name of a region's stack: `phi-<region>`. */
export function regionalStackName(config: RegionConfig): string {
  return `phi-${config.region}`;
}

export interface RegionalStackProps {
  /** The validated region config (`loadRegionConfig`). */
  readonly config: RegionConfig;
  /**
   * Where the stack is applied.
   * @default - `PHI_STACK_TARGET`, else `local`
   */
  readonly target?: DeployTarget;
}

/**
 * One region of the platform: network, web tier, database, cache and image delivery, composed
 * from the construct packages with the region's config.
 */
export class RegionalStack extends TerraformStack {
  public readonly config: RegionConfig;
  public readonly awsTarget: AwsTarget;
  /** The Availability Zones the stack spans, in order. */
  public readonly availabilityZones: readonly string[];

  constructor(scope: Construct, id: string, props: RegionalStackProps) {
    super(scope, id);
    const { config } = props;
    this.config = config;
    this.availabilityZones = REGION_AZS[config.region].slice(0, config.azCount);
    this.awsTarget = new AwsTarget(this, 'target', {
      region: config.region,
      target: props.target,
      stateBucket: config.stateBucket,
      defaultTags: { ManagedBy: 'phi-stack', Environment: config.environment, Region: config.region, DataClassification: 'phi' },
    });
  }
}
