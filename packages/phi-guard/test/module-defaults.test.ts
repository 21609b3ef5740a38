/**
 * Each module, built with only its required props (its defaults), passes the whole HIPAA pack.
 * A module whose defaults drift from the pack fails here, before any app composes it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AlbAsg } from '@phi-stack/alb-asg';
import { AwsTarget } from '@phi-stack/aws-target';
import { RdsMysqlHa } from '@phi-stack/rds-mysql-ha';
import { RedisPhi } from '@phi-stack/redis-phi';
import { S3CloudFront } from '@phi-stack/s3-cloudfront';
import { VpcAzs } from '@phi-stack/vpc-azs';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { HIPAA_RULES, PhiGuard } from '../src';

// The CloudFront signer key of the shipped us-east-1 app: a real RSA 2048 public key.
const PUBLIC_KEY = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../apps/us-east-1/region.json'), 'utf8')) as { cdnPublicKeyPem: string }).cdnPublicKeyPem;
const SUBNETS = ['subnet-0a', 'subnet-0b', 'subnet-0c'];

function stackWith(build: (scope: Construct) => void): TerraformStack {
  const app = new App({ skipValidation: true });
  const stack = new TerraformStack(app, 'defaults');
  new AwsTarget(stack, 'target', { region: 'us-east-1', target: 'aws', stateBucket: 'phi-stack-tfstate-123456789012', stateKmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' });
  build(stack);
  return stack;
}

const modules: Record<string, (scope: Construct) => void> = {
  'vpc-azs': (s) => new VpcAzs(s, 'vpc', { name: 'defaults', cidrBlock: '10.0.0.0/16', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] }),
  'alb-asg': (s) =>
    new AlbAsg(s, 'web', {
      name: 'defaults',
      vpcId: 'vpc-0123',
      albSubnetIds: SUBNETS,
      appSubnetIds: SUBNETS,
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/6a1f3c2e-1d2b-4c5a-8e7f-a1b2c3d4e5f6',
    }),
  'rds-mysql-ha': (s) => new RdsMysqlHa(s, 'db', { name: 'defaults', vpcId: 'vpc-0123', subnetIds: SUBNETS, allowedSecurityGroupIds: ['sg-0app'] }),
  'redis-phi': (s) => new RedisPhi(s, 'cache', { name: 'defaults', vpcId: 'vpc-0123', subnetIds: SUBNETS, allowedSecurityGroupIds: ['sg-0app'] }),
  's3-cloudfront': (s) =>
    new S3CloudFront(s, 'images', {
      bucketPrefix: 'defaults-images',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0c1e7b4e-5b8e-4d7a-9f61-c0d1e2f3a4b5',
      publicKeyPem: PUBLIC_KEY,
    }),
};

describe.each(Object.entries(modules))('%s defaults', (_name, build) => {
  it('pass every rule of the HIPAA pack', () => {
    const stack = stackWith(build);
    expect(PhiGuard.check(stack).map((f) => `[${f.ruleId}] ${f.path}: ${f.message}`)).toEqual([]);
  });

  it('are actually checked: the pack finds something to evaluate', () => {
    const run = PhiGuard.evaluate(stackWith(build));
    expect(run.checks).toBeGreaterThan(5);
    expect(run.findings).toEqual([]);
    expect(HIPAA_RULES.length).toBeGreaterThanOrEqual(30);
  });
});
