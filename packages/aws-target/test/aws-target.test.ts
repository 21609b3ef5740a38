import { App, Testing, TerraformStack } from 'cdktf';
import { AwsTarget, deployTargetFromEnv, EMULATED_SERVICES } from '../src';

const STATE_KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped
function synth(target: 'aws' | 'local', stateBucket?: string, stateKmsKeyArn: string | null = STATE_KEY_ARN): Record<string, any> {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'phi-test');
  new AwsTarget(stack, 'target', { region: 'eu-west-1', target, stateBucket, stateKmsKeyArn: stateKmsKeyArn ?? undefined });
  return JSON.parse(Testing.synth(stack));
}

describe('AwsTarget', () => {
  it('points every emulated service at the emulator_endpoint variable in local mode', () => {
    const json = synth('local');
    const provider = json.provider.aws[0];
    expect(provider.region).toBe('eu-west-1');
    expect(provider.s3_use_path_style).toBe(true);
    expect(provider.max_retries).toBe(2);
    for (const service of EMULATED_SERVICES) expect(provider.endpoints[0][service]).toBe('${var.emulator_endpoint}');
    expect(json.variable.emulator_endpoint.default).toBe('http://localhost:4566');
    expect(json.terraform.backend.local.path).toBe('terraform.tfstate');
  });

  it('keeps state of a stack in another region in the bootstrap region, with that region\'s key', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'phi-test');
    const usKey = 'arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';
    new AwsTarget(stack, 'target', { region: 'eu-west-1', target: 'aws', stateBucket: 'phi-stack-tfstate-123456789012', stateKmsKeyArn: usKey, stateRegion: 'us-east-1' });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.terraform.backend.s3).toMatchObject({ region: 'us-east-1', kms_key_id: usKey });
    expect(json.provider.aws[0].region).toBe('eu-west-1');
  });

  it('refuses a state key of another region than the state bucket', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'phi-test');
    const usKey = 'arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';
    expect(() => new AwsTarget(stack, 'target', { region: 'eu-west-1', target: 'aws', stateBucket: 'phi-stack-tfstate-123456789012', stateKmsKeyArn: usKey })).toThrow(
      "phi-test/target: stateKmsKeyArn is a key in us-east-1, but the state bucket's region (stateRegion) is eu-west-1 by default, the stack's region (got '" +
        usKey +
        "'): S3 encrypts objects only with a key in the bucket's own region and answers only there; set stateRegion to the bootstrap app's region (us-east-1)",
    );
  });

  it('uses S3 remote state with native locking and the default credential chain in aws mode', () => {
    const json = synth('aws', 'phi-stack-tfstate-123456789012');
    expect(json.terraform.backend.s3).toEqual({
      bucket: 'phi-stack-tfstate-123456789012',
      key: 'phi-test/terraform.tfstate',
      region: 'eu-west-1',
      encrypt: true,
      kms_key_id: STATE_KEY_ARN,
      use_lockfile: true,
    });
    // Native S3 locking (use_lockfile) needs Terraform 1.10 or later.
    expect(json.terraform.required_version).toBe('>= 1.10');
    const provider = json.provider.aws[0];
    expect(provider.access_key).toBeUndefined();
    expect(provider.endpoints).toBeUndefined();
    expect(json.variable).toBeUndefined();
  });

  it('names every bad prop in one error', () => {
    const stack = new TerraformStack(Testing.app(), 'phi-test');
    expect(() => new AwsTarget(stack, 'target', { region: 'US_EAST', target: 'aws', stateKmsKeyArn: 'alias/phi-stack-tfstate' })).toThrow(
      new Error(
        [
          'phi-test/target: 3 problems:',
          "region must be an AWS region name like us-east-1 (got 'US_EAST')",
          "stateBucket is required when target is 'aws' (got undefined): deploy the bootstrap app first and pass its bucket name",
          "stateKmsKeyArn must be a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (got 'alias/phi-stack-tfstate'): the S3 backend takes the key's ARN, not an alias or an id",
        ].join('\n  - '),
      ),
    );
  });

  it('requires a state bucket in aws mode', () => {
    expect(() => synth('aws')).toThrow("phi-test/target: stateBucket is required when target is 'aws' (got undefined)");
  });

  it('encrypts state with the bootstrap KMS key, never with AES256', () => {
    expect(() => synth('aws', 'phi-stack-tfstate-123456789012', null)).toThrow("phi-test/target: stateKmsKeyArn is required when target is 'aws' (got undefined)");
    expect(() => synth('aws', 'phi-stack-tfstate-123456789012', 'alias/phi-stack-tfstate')).toThrow(
      "phi-test/target: stateKmsKeyArn must be a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (got 'alias/phi-stack-tfstate')",
    );
  });

  it('keeps local state in aws mode when remoteState is off (the bootstrap stack)', () => {
    const stack = new TerraformStack(Testing.app(), 'boot');
    new AwsTarget(stack, 'target', { region: 'us-east-1', target: 'aws', remoteState: false });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });
    expect(json.provider.aws[0].endpoints).toBeUndefined();
  });

  it('rejects a well-formed but unknown region', () => {
    const stack = new TerraformStack(new App(), 's');
    expect(() => new AwsTarget(stack, 'target', { region: 'zz-fake-1', target: 'local' })).toThrow("s/target: region must be an AWS Region (got 'zz-fake-1'): use one of af-south-1");
    const aws = new AwsTarget(new TerraformStack(new App(), 't'), 'target', { region: 'us-east-1', target: 'local' });
    expect(() => aws.providerFor('zz-fake-1')).toThrow("t/target: providerFor region must be an AWS Region (got 'zz-fake-1')");
  });

  it('rejects a malformed region', () => {
    const app = new App();
    const stack = new TerraformStack(app, 's');
    expect(() => new AwsTarget(stack, 'target', { region: 'US_EAST', target: 'local' })).toThrow("s/target: region must be an AWS region name like us-east-1 (got 'US_EAST')");
  });

  it('reads PHI_STACK_TARGET, defaulting to local, and rejects unknown values', () => {
    expect(deployTargetFromEnv({})).toBe('local');
    expect(deployTargetFromEnv({ PHI_STACK_TARGET: 'aws' })).toBe('aws');
    expect(() => deployTargetFromEnv({ PHI_STACK_TARGET: 'prod' })).toThrow("PHI_STACK_TARGET must be one of aws, local (got 'prod')");
  });
});

describe('AwsTarget.providerFor', () => {
  function stackIn(region: string, target: 'aws' | 'local'): { stack: TerraformStack; aws: AwsTarget } {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const aws = new AwsTarget(stack, 'target', { region, target, stateBucket: 'state', stateKmsKeyArn: STATE_KEY_ARN, defaultTags: { ManagedBy: 'phi-stack', Region: region } });
    return { stack, aws };
  }

  it('returns the stack provider for its own region', () => {
    const { aws } = stackIn('us-east-1', 'local');
    expect(aws.providerFor('us-east-1')).toBe(aws.provider);
  });

  it('adds one aliased provider per other region, with the emulator endpoints and default tags in local mode', () => {
    const { stack, aws } = stackIn('eu-west-1', 'local');
    const edge = aws.providerFor('us-east-1');
    expect(aws.providerFor('us-east-1')).toBe(edge);
    const providers = JSON.parse(Testing.synth(stack)).provider.aws as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(providers).toHaveLength(2);
    const [main, alias] = providers;
    expect(alias).toEqual({ ...main, alias: 'us-east-1', region: 'us-east-1' });
    expect(alias.endpoints[0].wafv2).toBe('${var.emulator_endpoint}');
    expect(alias.default_tags).toEqual([{ tags: { ManagedBy: 'phi-stack', Region: 'eu-west-1' } }]);
  });

  it('uses the default credential chain for the aliased provider in aws mode', () => {
    const { stack, aws } = stackIn('eu-west-1', 'aws');
    aws.providerFor('us-east-1');
    const alias = (JSON.parse(Testing.synth(stack)).provider.aws as Record<string, unknown>[])[1];
    expect(alias).toEqual({ alias: 'us-east-1', region: 'us-east-1', default_tags: [{ tags: { ManagedBy: 'phi-stack', Region: 'eu-west-1' } }] });
  });

  it('rejects a malformed region', () => {
    const { aws } = stackIn('eu-west-1', 'local');
    expect(() => aws.providerFor('global')).toThrow("stack/target: providerFor needs an AWS region name like us-east-1 (got 'global')");
  });
});
