import { AwsProvider, AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, S3Backend, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { Problems } from '@phi-stack/constructs-core';

/** Where a synthesized stack is meant to be applied. */
export type DeployTarget = 'aws' | 'local';

/** The deploy targets, in documentation order. */
export const DEPLOY_TARGETS: readonly DeployTarget[] = ['aws', 'local'];

/** Environment variable that picks the target of a synth. */
export const TARGET_ENV = 'PHI_STACK_TARGET';

/** Port the local emulator listens on when started by `npm start` (same as LocalStack's edge port). */
export const DEFAULT_EMULATOR_ENDPOINT = 'http://localhost:4566';

/**
 * Services whose API calls go to the emulator in `local` mode. Every service the modules use
 * must be listed: a missing one would make the provider call the real AWS endpoint.
 */
export const EMULATED_SERVICES = [
  'acm',
  'autoscaling',
  'cloudfront',
  'cloudtrail',
  'cloudwatch',
  'ec2',
  'elasticache',
  'elb',
  'elbv2',
  'events',
  'iam',
  'kms',
  'lambda',
  'logs',
  'rds',
  's3',
  'secretsmanager',
  'sns',
  'ssm',
  'sts',
  'wafv2',
] as const;

/**
 * AWS Regions the provider may be pointed at (commercial, GovCloud and China partitions), from
 * AWS's "Regions and Zones" list. A well-formed but unknown name such as `zz-fake-1` fails synth
 * instead of failing at the first API call; add a new region here when AWS opens it.
 */
export const AWS_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'cn-north-1',
  'cn-northwest-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-gov-east-1',
  'us-gov-west-1',
  'us-west-1',
  'us-west-2',
] as const;

/** A KMS key ARN (not an alias, not a bare id): what the S3 backend's `kms_key_id` takes. */
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(?:mrk-)?[0-9a-f-]{32,36}$/;

/**
 * Reads the deploy target from `PHI_STACK_TARGET` (default `local`, so that a plain synth never
 * points at a real account by accident).
 */
export function deployTargetFromEnv(env: NodeJS.ProcessEnv = process.env): DeployTarget {
  const raw = env[TARGET_ENV];
  if (raw === undefined || raw === '') return 'local';
  if ((DEPLOY_TARGETS as readonly string[]).includes(raw)) return raw as DeployTarget;
  throw new Error(`${TARGET_ENV} must be one of ${DEPLOY_TARGETS.join(', ')} (got '${raw}'): set ${TARGET_ENV}=local for the emulator or ${TARGET_ENV}=aws for a real account`);
}

export interface AwsTargetProps {
  /** AWS region of the provider, e.g. `us-east-1`. */
  readonly region: string;
  /**
   * Where the stack is applied.
   * @default - the value of `PHI_STACK_TARGET`, else `local`
   */
  readonly target?: DeployTarget;
  /**
   * S3 bucket that holds remote state in `aws` mode (created by the bootstrap app).
   * @default - required when `target` is `aws`
   */
  readonly stateBucket?: string;
  /**
   * ARN of the KMS key that encrypts the state objects in `aws` mode: the bootstrap app's
   * `stateKmsKeyArn` output. Without it the S3 backend would ask for SSE-S3 (AES256) and the
   * bootstrap key would never protect state.
   * @default - required when `target` is `aws` and `remoteState` is true
   */
  readonly stateKmsKeyArn?: string;
  /**
   * Keep state in the S3 backend in `aws` mode. Only the bootstrap stack, which creates the state
   * bucket and cannot keep its state in it, turns this off; it then keeps local state.
   * @default true
   */
  readonly remoteState?: boolean;
  /**
   * Region of the state bucket: the bootstrap app's region. It must be the region of
   * `stateKmsKeyArn`, since S3 encrypts only with a key in the bucket's own region.
   * @default - the stack's `region`
   */
  readonly stateRegion?: string;
  /**
   * Key of the state object in `aws` mode: one key per app and stack.
   * @default `<stack name>/terraform.tfstate`
   */
  readonly stateKey?: string;
  /**
   * Tags put on every resource through the provider's `default_tags`.
   * @default - `{ ManagedBy: 'phi-stack' }`
   */
  readonly defaultTags?: Record<string, string>;
}

/**
 * Configures the AWS provider and the state backend of a stack for a deploy target.
 *
 * - `aws`: the registry provider with the default credential chain, S3 remote state with native
 *   lockfile locking (`use_lockfile`), no DynamoDB table.
 * - `local`: every service endpoint points at the emulator through the `emulator_endpoint`
 *   variable (default `http://localhost:4566`), fake credentials, local state next to the stack.
 *
 * Only one `AwsTarget` may exist per stack.
 */
export class AwsTarget extends Construct {
  /** The provider every resource of the stack uses. */
  public readonly provider: AwsProvider;
  /** The resolved deploy target. */
  public readonly target: DeployTarget;
  /** The emulator endpoint variable (only in `local` mode). */
  public readonly emulatorEndpoint?: TerraformVariable;
  /** The region of `provider`. */
  public readonly region: string;

  private readonly defaultTags: { tags: Record<string, string> }[];
  private readonly regionalProviders = new Map<string, AwsProvider>();

  constructor(scope: Construct, id: string, props: AwsTargetProps) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    this.target = props.target ?? deployTargetFromEnv();
    const problems = new Problems(this.node.path);
    if (!(DEPLOY_TARGETS as readonly string[]).includes(this.target)) {
      problems.add(`target must be one of ${DEPLOY_TARGETS.join(', ')} (got '${String(this.target)}')`);
    }
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(props.region)) {
      problems.add(`region must be an AWS region name like us-east-1 (got '${props.region}')`);
    } else {
      problems.add(knownRegionProblem('region', props.region));
    }
    if (this.target === 'aws' && props.remoteState !== false) {
      // The remote state: the bootstrap app's bucket and key.
      if (!props.stateBucket) {
        problems.add(`stateBucket is required when target is 'aws' (got undefined): deploy the bootstrap app first and pass its bucket name`);
      }
      // By default the state is in the stack's region, checked above.
      const stateRegion = props.stateRegion ?? props.region;
      const stateRegionProblem = props.stateRegion === undefined ? undefined : knownRegionProblem('stateRegion', stateRegion);
      if (!props.stateKmsKeyArn) {
        problems.add(
          `stateKmsKeyArn is required when target is 'aws' (got undefined): pass the bootstrap app's stateKmsKeyArn output, or the S3 backend encrypts state with AES256 instead of the state key`,
        );
      } else if (!KMS_KEY_ARN.test(props.stateKmsKeyArn)) {
        problems.add(
          `stateKmsKeyArn must be a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (got '${props.stateKmsKeyArn}'): the S3 backend takes the key's ARN, not an alias or an id`,
        );
      }
      problems.add(stateRegionProblem);
      if (props.stateKmsKeyArn && KMS_KEY_ARN.test(props.stateKmsKeyArn) && !stateRegionProblem && props.stateKmsKeyArn.split(':')[3] !== stateRegion) {
        const keyRegion = props.stateKmsKeyArn.split(':')[3];
        problems.add(
          `stateKmsKeyArn is a key in ${keyRegion}, but the state bucket's region (stateRegion) is ${stateRegion}` +
            `${props.stateRegion === undefined ? ' by default, the stack\'s region' : ''} (got '${props.stateKmsKeyArn}'): ` +
            `S3 encrypts objects only with a key in the bucket's own region and answers only there; set stateRegion to the bootstrap app's region (${keyRegion})`,
        );
      }
    }
    problems.throwIfAny();
    const defaultTags = [{ tags: props.defaultTags ?? { ManagedBy: 'phi-stack' } }];
    this.defaultTags = defaultTags;
    this.region = props.region;
    const stackName = stack.node.id;

    if (this.target === 'aws' && props.remoteState === false) {
      // The bootstrap stack: it creates the bucket the other stacks keep their state in.
      new LocalBackend(stack, { path: 'terraform.tfstate' });
      this.provider = new AwsProvider(stack, 'aws', { region: props.region, defaultTags });
      return;
    }
    if (this.target === 'aws') {
      const stateRegion = props.stateRegion ?? props.region;
      const backend = new S3Backend(stack, {
        bucket: props.stateBucket!,
        key: props.stateKey ?? `${stackName}/terraform.tfstate`,
        region: stateRegion,
        encrypt: true,
        // SSE-KMS with the bootstrap key; without it `encrypt` means SSE-S3 (AES256).
        kmsKeyId: props.stateKmsKeyArn,
      });
      // cdktf 0.21's S3Backend predates native S3 locking; the setting is passed through as-is.
      backend.addOverride('use_lockfile', true);
      // use_lockfile is read by Terraform 1.10 and later; an older CLI would reject the backend
      // block (unsupported argument) or, worse, run without a lock if the setting were dropped.
      stack.addOverride('terraform.required_version', '>= 1.10');
      this.provider = new AwsProvider(stack, 'aws', { region: props.region, defaultTags });
      return;
    }

    new LocalBackend(stack, { path: 'terraform.tfstate' });
    this.emulatorEndpoint = new TerraformVariable(stack, 'emulator_endpoint', {
      type: 'string',
      default: DEFAULT_EMULATOR_ENDPOINT,
      description: 'Endpoint of the local AWS emulator (moto or LocalStack).',
    });
    this.provider = new AwsProvider(stack, 'aws', { region: props.region, ...this.emulatorSettings(), defaultTags });
  }

  /**
   * The provider for resources that must live in another region, such as a CloudFront-scope WAF
   * web ACL or an ACM certificate for CloudFront (both us-east-1): the stack's own provider when
   * `region` is the stack's, else an aliased provider (`alias` = the region) with the same target
   * settings, emulator endpoints and default tags. One provider per region and stack.
   */
  public providerFor(region: string): AwsProvider {
    if (region === this.region) return this.provider;
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) {
      throw new Error(`${this.node.path}: providerFor needs an AWS region name like us-east-1 (got '${region}')`);
    }
    assertKnownRegion(this.node.path, 'providerFor region', region);
    let provider = this.regionalProviders.get(region);
    if (!provider) {
      const stack = TerraformStack.of(this);
      const settings = this.target === 'local' ? this.emulatorSettings() : {};
      provider = new AwsProvider(stack, `aws-${region}`, { alias: region, region, ...settings, defaultTags: this.defaultTags });
      this.regionalProviders.set(region, provider);
    }
    return provider;
  }

  /** Provider settings that point every service at the emulator (local mode). */
  private emulatorSettings(): Omit<AwsProviderConfig, 'region' | 'defaultTags'> {
    const endpoint = this.emulatorEndpoint!.stringValue;
    const endpoints = Object.fromEntries(EMULATED_SERVICES.map((service) => [service, endpoint]));
    return {
      accessKey: 'test',
      secretKey: 'test',
      skipCredentialsValidation: true,
      skipMetadataApiCheck: 'true',
      s3UsePathStyle: true,
      maxRetries: 2,
      endpoints: [endpoints],
    };
  }
}

function knownRegionProblem(prop: string, region: string): string | undefined {
  if ((AWS_REGIONS as readonly string[]).includes(region)) return undefined;
  return `${prop} must be an AWS Region (got '${region}'): use one of ${AWS_REGIONS.join(', ')}, or add a newly opened Region to AWS_REGIONS`;
}

function assertKnownRegion(path: string, prop: string, region: string): void {
  const problem = knownRegionProblem(prop, region);
  if (problem) throw new Error(`${path}: ${problem}`);
}
