// The opt-out contract, module by module: every opt-out a module offers through a `…Reason` prop,
// given a valid reason, writes the registry's tag, and phi-guard then reports zero findings for
// exactly the rules the registry says it waives, in a DataClassification=phi stack.
import { generateKeyPairSync } from 'node:crypto';
import { AlbAsg } from '@phi-stack/alb-asg';
import { AwsTarget } from '@phi-stack/aws-target';
import { OPT_OUTS, OptOut, OptOutName } from '@phi-stack/constructs-core';
import { evaluateStack, GuardRun, HIPAA_RULES } from '@phi-stack/phi-guard';
import { RdsMysqlHa } from '@phi-stack/rds-mysql-ha';
import { RedisPhi } from '@phi-stack/redis-phi';
import { S3CloudFront } from '@phi-stack/s3-cloudfront';
import { VpcAzs } from '@phi-stack/vpc-azs';
import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

const REASON = 'staging copy without patient data - restored from snapshots nightly';
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-1111-2222-333344445555';
const SIGNER_PUBLIC_KEY_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

type Module = 'AlbAsg' | 'RdsMysqlHa' | 'RedisPhi' | 'S3CloudFront' | 'VpcAzs';

/** Builds one module with its defaults plus `props`, in a stack whose provider classifies the data as PHI. */
const BUILD: Record<Module, (scope: Construct, props: Record<string, unknown>) => void> = {
  AlbAsg: (scope, props) =>
    new AlbAsg(scope, 'web', {
      name: 'web',
      vpcId: 'vpc-123',
      albSubnetIds: ['subnet-pa', 'subnet-pb'],
      appSubnetIds: ['subnet-a', 'subnet-b'],
      certificateArn: CERT,
      imageId: 'ami-0123456789abcdef0',
      webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/web/0a1b2c3d-0000-1111-2222-333344445555',
      ...props,
    }),
  RdsMysqlHa: (scope, props) => new RdsMysqlHa(scope, 'db', { name: 'patients-db', vpcId: 'vpc-123', subnetIds: ['subnet-a', 'subnet-b'], allowedSecurityGroupIds: ['sg-app'], ...props }),
  RedisPhi: (scope, props) => new RedisPhi(scope, 'cache', { name: 'sessions', vpcId: 'vpc-123', subnetIds: ['subnet-a', 'subnet-b'], allowedSecurityGroupIds: ['sg-app'], ...props }),
  S3CloudFront: (scope, props) =>
    new S3CloudFront(scope, 'images', {
      bucketPrefix: 'acme-prod',
      certificateArn: CERT,
      publicKeyPem: SIGNER_PUBLIC_KEY_PEM,
      webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/cdn/0a1b2c3d-0000-1111-2222-333344445555',
      ...props,
    }),
  VpcAzs: (scope, props) => new VpcAzs(scope, 'vpc', { name: 'web', cidrBlock: '10.0.0.0/16', availabilityZones: ['us-east-1a', 'us-east-1b'], ...props }),
};

interface Offer {
  readonly module: Module;
  readonly optOut: OptOutName;
  /** The props that turn the safeguard off, without the reason. */
  readonly off: Record<string, unknown>;
  readonly reasonProp: string;
  /**
   * False where the module's default is the opt-out itself: a module attaches no web ACL unless it
   * is given one, and RegionalStack is what requires a web ACL or a reason (regional-stack.test.ts).
   */
  readonly reasonRequired?: false;
}

/** Every opt-out the modules offer. A new `…Reason` prop belongs here. */
const OFFERS: readonly Offer[] = [
  { module: 'AlbAsg', optOut: 'deletionProtection', off: { deletionProtection: false }, reasonProp: 'deletionProtectionDisabledReason' },
  { module: 'AlbAsg', optOut: 'waf', off: { webAclArn: undefined }, reasonProp: 'webAclDisabledReason', reasonRequired: false },
  { module: 'AlbAsg', optOut: 'targetTls', off: { targetProtocol: 'HTTP' }, reasonProp: 'targetProtocolHttpReason' },
  { module: 'RdsMysqlHa', optOut: 'multiAz', off: { multiAz: false }, reasonProp: 'multiAzDisabledReason' },
  { module: 'RdsMysqlHa', optOut: 'deletionProtection', off: { deletionProtection: false }, reasonProp: 'deletionProtectionDisabledReason' },
  { module: 'RdsMysqlHa', optOut: 'finalSnapshot', off: { skipFinalSnapshot: true }, reasonProp: 'skipFinalSnapshotReason' },
  { module: 'RedisPhi', optOut: 'multiAz', off: { multiAz: false }, reasonProp: 'multiAzDisabledReason' },
  { module: 'RedisPhi', optOut: 'snapshotRetention', off: { snapshotRetentionDays: 7 }, reasonProp: 'snapshotRetentionReducedReason' },
  { module: 'S3CloudFront', optOut: 'viewerCertificate', off: { certificateArn: undefined, useDefaultCertificate: true }, reasonProp: 'defaultCertificateReason' },
  { module: 'S3CloudFront', optOut: 'waf', off: { webAclArn: undefined }, reasonProp: 'webAclDisabledReason', reasonRequired: false },
  { module: 'S3CloudFront', optOut: 'forceDestroy', off: { forceDestroy: true }, reasonProp: 'forceDestroyReason' },
  { module: 'VpcAzs', optOut: 'natPerAz', off: { natGateways: 'single' }, reasonProp: 'singleNatGatewayReason' },
  { module: 'VpcAzs', optOut: 'flowLogRetention', off: { flowLogRetentionDays: 90 }, reasonProp: 'flowLogRetentionReason' },
];

function guard(module: Module, props: Record<string, unknown>): GuardRun {
  const stack = new TerraformStack(Testing.app(), 'contract');
  new AwsTarget(stack, 'target', { region: 'us-east-1', target: 'local', defaultTags: { DataClassification: 'phi' } });
  BUILD[module](stack, props);
  return evaluateStack(stack, HIPAA_RULES);
}

const ruleIds = (run: GuardRun): string[] => [...new Set(run.findings.map((f) => f.ruleId))].sort();

describe('the opt-out registry', () => {
  it('names only rules of the pack', () => {
    const known = new Set(HIPAA_RULES.map((r) => r.id));
    for (const o of Object.values(OPT_OUTS) as OptOut[]) for (const id of o.waives) expect(`${o.tagKey} waives ${id}: ${known.has(id)}`).toBe(`${o.tagKey} waives ${id}: true`);
  });

  it('has an offer in this table for every opt-out a module writes', () => {
    const offered = new Set(OFFERS.map((o) => o.optOut));
    // Written by the modules without a prop: the log buckets' SSE-S3, which their log delivery requires.
    offered.add('encryption');
    for (const name of offered) expect(OPT_OUTS).toHaveProperty(name);
  });
});

describe.each(OFFERS)('$module offers $optOut through $reasonProp', ({ module, optOut, off, reasonProp, reasonRequired }) => {
  const entry: OptOut = OPT_OUTS[optOut];

  it('with a valid reason: the tag, and zero findings for exactly the rules it names', () => {
    const baseline = guard(module, {});
    const run = guard(module, { ...off, [reasonProp]: `  ${REASON}  ` });
    const waiver = run.waivers.find((w) => w.mechanism === 'tag' && w.key === entry.tagKey);
    expect(waiver).toMatchObject({ reason: REASON, refused: [] });
    // What the waiver accepts is within what the registry names, and nothing named is left as a finding.
    for (const w of waiver!.waived) expect(entry.waives).toContain(w.ruleId);
    for (const f of run.findings) expect(entry.waives).not.toContain(f.ruleId);
    // The opt-out adds no finding of its own: the stack is as clean as with the safeguard on.
    expect(ruleIds(run)).toEqual(ruleIds(baseline));
    // A rule the registry names really fires without the tag: the waiver is what keeps the synth green.
    if (entry.waives.length > 0) expect(waiver!.waived.length).toBeGreaterThan(0);
  });

  it('with a reason the guard would ignore: a synth-time error that names the prop and the length', () => {
    expect(() => guard(module, { ...off, [reasonProp]: 'n/a' })).toThrow(`${reasonProp} must state the reason in at least 10 characters (got "n/a", 3)`);
  });

  if (reasonRequired === false) {
    it('without a reason: no tag, so no decision is recorded that nobody made', () => {
      expect(guard(module, off).waivers.filter((w) => w.key === entry.tagKey)).toEqual([]);
    });
  } else {
    it('without a reason: a synth-time error that names the prop and the tag', () => {
      expect(() => guard(module, off)).toThrow(new RegExp(`${reasonProp} is required when .* it is recorded in the tag ${entry.tagKey}`));
    });
  }
});
