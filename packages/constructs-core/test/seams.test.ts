import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { App, TerraformOutput, Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { bucketFromArn, Connections, grantableProblem, IConnectable, IGrantable, keyPrefixProblem, kmsKeyFromArn, rolePrincipal } from '../src';

// Synthesized Terraform JSON is untyped; tests index into it freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555';

function grantee(stack: TerraformStack, id = 'app'): IGrantable & { scope: Construct } {
  const scope = new Construct(stack, id);
  const role = new IamRole(scope, 'role', { name: `${id}-role`, assumeRolePolicy: '{}' });
  return { scope, grantPrincipal: rolePrincipal(scope, role, 'role-') };
}

describe('IBucket from an ARN, and its read-write grant', () => {
  it('grants the prefix, the prefix-limited list and the key through S3 of the stack region, in one named policy', () => {
    const stack = new TerraformStack(Testing.app(), 'phi-test');
    const app = grantee(stack);
    const bucket = bucketFromArn(stack, 'arn:aws:s3:::scans', { encryptionKey: kmsKeyFromArn(KEY) });
    expect(bucket.bucketName).toBe('scans');
    bucket.grantReadWrite(app, 'uploads/');
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const policy = Object.entries<Json>(json.resource.aws_iam_role_policy);
    expect(policy.map(([k, v]) => [k.replace(/_[0-9A-F]{8}$/, ''), v.name])).toEqual([['app_role-bucket', 'bucket-prefix']]);
    const doc = Object.entries<Json>(json.data.aws_iam_policy_document).find(([k]) => k.startsWith('app_role-bucket-doc'))![1];
    expect(doc.statement).toEqual([
      { sid: 'ReadWriteImagePrefix', effect: 'Allow', actions: ['s3:GetObject', 's3:PutObject'], resources: ['arn:aws:s3:::scans/uploads/*'] },
      { sid: 'ListImagePrefix', effect: 'Allow', actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::scans'], condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['uploads/*'] }] },
      {
        sid: 'UseImageKeyThroughS3',
        effect: 'Allow',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [KEY],
        condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [expect.stringMatching(/^s3\.\$\{data\.aws_region\.phi-stack-environment_region_[0-9A-F]{8}\.name\}\.amazonaws\.com$/)] }],
      },
    ]);
  });

  it('derives the name of a bucket known by a token from its ARN, in Terraform', () => {
    const stack = new TerraformStack(Testing.app(), 'phi-test');
    const bucket = bucketFromArn(stack, new S3Bucket(stack, 'images').arn);
    new TerraformOutput(stack, 'name', { value: bucket.bucketName });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    expect(json.output.name.value).toBe('${element(split(":::", aws_s3_bucket.images.arn), 1)}');
  });

  it('refuses a bad prefix, a non-grantee, a bad ARN and a key that is not a KMS key, naming the construct', () => {
    const stack = new TerraformStack(new App(), 'phi-test');
    const bucket = bucketFromArn(stack, 'arn:aws:s3:::scans');
    expect(() => bucket.grantReadWrite(grantee(stack), 'uploads')).toThrow("phi-test: grantReadWrite keyPrefix must be a key prefix like images/: not empty, no leading /, no wildcard, ending in / (got 'uploads')");
    expect(() => bucket.grantReadWrite('arn:aws:iam::123456789012:role/app' as unknown as IGrantable, 'uploads/')).toThrow(
      "phi-test: grantReadWrite needs a grantee with a grantPrincipal, e.g. an AlbAsg or rolePrincipal(scope, role) wrapped as { grantPrincipal } (got the string 'arn:aws:iam::123456789012:role/app')",
    );
    expect(() => bucketFromArn(stack, 'arn:aws:s3:::Scans')).toThrow("phi-test: bucketFromArn needs an S3 bucket ARN like arn:aws:s3:::my-bucket (got 'arn:aws:s3:::Scans')");
    expect(() => bucketFromArn(stack, 'arn:aws:s3:::scans', { encryptionKey: 'alias/scans' as never })).toThrow(
      "phi-test: bucketFromArn encryptionKey must be a KMS key, an aws_kms_key construct or kmsKeyFromArn('arn:aws:kms:<region>:<account>:key/<id>') (got the string 'alias/scans')",
    );
    expect(keyPrefixProblem('grant', 'a/'.repeat(300))).toBe('grant keyPrefix is too long (got 600 characters, at most 512)');
    expect(grantableProblem('grant', { grantPrincipal: {} })).toContain('(got an object without grantPrincipal)');
    expect(grantableProblem('grant', grantee(stack, 'other'))).toBeUndefined();
  });

  it('refuses a second grant under the same policy name on one role, and a policy with no statement', () => {
    const stack = new TerraformStack(new App(), 'phi-test');
    const app = grantee(stack);
    bucketFromArn(stack, 'arn:aws:s3:::scans').grantReadWrite(app, 'a/');
    expect(() => bucketFromArn(stack, 'arn:aws:s3:::other').grantReadWrite(app, 'b/', { id: 'other' })).toThrow(
      "phi-test/app: the role already has the grant 'bucket-prefix' (construct role-other)",
    );
    expect(() => app.grantPrincipal.addToPrincipalPolicy({ id: 'empty', policyName: 'empty', statements: [] })).toThrow("phi-test/app: the grant 'empty' has no statement");
    expect(() => app.grantPrincipal.addToPrincipalPolicy({ id: 'Bad_Id', policyName: 'x', statements: [{ actions: ['s3:GetObject'] }] })).toThrow(
      "phi-test/app: a grant's policy id must be 1-41 lowercase letters, digits or hyphens (got 'Bad_Id')",
    );
  });
});

describe('Connections between tiers', () => {
  const peer = (stack: TerraformStack, id: string, sg: string, extra: Partial<ConstructorParameters<typeof Connections>[0]> = {}): IConnectable => ({
    connections: new Connections({ scope: new Construct(stack, id), securityGroupId: sg, name: id, ...extra }),
  });

  it('names every bad prop of a Connections in one error', () => {
    const stack = new TerraformStack(Testing.app(), 'phi-test');
    expect(() => peer(stack, 'Web Tier', 'web-sg', { defaultPort: 0 })).toThrow(
      new Error(
        [
          'phi-test/Web Tier: 3 problems:',
          "Connections name must be 1-41 lowercase letters, digits or hyphens (got 'Web Tier'): it ends the peers' rule ids",
          "Connections securityGroupId must be a security group id like sg-0123456789abcdef0 or a reference to one (got 'web-sg')",
          'Connections defaultPort must be an integer between 1 and 65535 (got 0)',
        ].join('\n  - '),
      ),
    );
  });

  it('creates the ingress on the target and the egress on the source, by group reference', () => {
    const stack = new TerraformStack(Testing.app(), 'phi-test');
    const db = peer(stack, 'db', 'sg-0dddddddddddddddd', { defaultPort: 3306, ingressDescription: 'MySQL from the app', tags: { Tier: 'data' } });
    const web = peer(stack, 'web', 'sg-0aaaaaaaaaaaaaaaa', { egressIdPrefix: 'app-out' });
    db.connections.allowDefaultPortFrom(web, 'MySQL to the database');
    expect(db.connections.ingressRuleCount).toBe(1);
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const ingress = Object.entries<Json>(json.resource.aws_vpc_security_group_ingress_rule);
    const egress = Object.entries<Json>(json.resource.aws_vpc_security_group_egress_rule);
    expect(ingress.map(([k]) => k.replace(/_[0-9A-F]{8}$/, ''))).toEqual(['db_ingress-0']);
    expect(ingress[0][1]).toEqual({
      security_group_id: 'sg-0dddddddddddddddd',
      referenced_security_group_id: 'sg-0aaaaaaaaaaaaaaaa',
      ip_protocol: 'tcp',
      from_port: 3306,
      to_port: 3306,
      description: 'MySQL from the app',
      tags: { Tier: 'data' },
    });
    expect(egress.map(([k]) => k.replace(/_[0-9A-F]{8}$/, ''))).toEqual(['web_app-out-db']);
    expect(egress[0][1]).toEqual({ security_group_id: 'sg-0aaaaaaaaaaaaaaaa', referenced_security_group_id: 'sg-0dddddddddddddddd', ip_protocol: 'tcp', from_port: 3306, to_port: 3306, description: 'MySQL to the database' });
  });

  it('refuses bad names, ports, group ids, a missing default port, a duplicate and itself', () => {
    const stack = new TerraformStack(new App(), 'phi-test');
    expect(() => peer(stack, 'Db', 'sg-0dddddddddddddddd')).toThrow("phi-test/Db: Connections name must be 1-41 lowercase letters, digits or hyphens (got 'Db')");
    expect(() => peer(stack, 'db1', 'my-group')).toThrow("phi-test/db1: Connections securityGroupId must be a security group id like sg-0123456789abcdef0 or a reference to one (got 'my-group')");
    expect(() => peer(stack, 'db2', 'sg-0dddddddddddddddd', { defaultPort: 0 })).toThrow('phi-test/db2: Connections defaultPort must be an integer between 1 and 65535 (got 0)');
    const db = peer(stack, 'db', 'sg-0dddddddddddddddd');
    const web = peer(stack, 'web', 'sg-0aaaaaaaaaaaaaaaa');
    expect(() => db.connections.allowDefaultPortFrom(web)).toThrow('phi-test/db: allowDefaultPortFrom needs a default port, and db has none: call allowFrom(peer, port)');
    expect(() => db.connections.allowFrom(web, 70000)).toThrow('phi-test/db: allowFrom port must be an integer between 1 and 65535 (got 70000)');
    db.connections.allowFrom(web, 5432);
    expect(() => db.connections.allowFrom(web, 5432)).toThrow('phi-test/db: allowFrom: phi-test/web may already connect on port 5432: remove the second call');
    expect(() => db.connections.allowFrom(db, 5433)).toThrow('phi-test/db: allowFrom: a tier cannot be its own peer');
    expect(() => web.connections.addEgressRule('db', 'sg-0eeeeeeeeeeeeeeee', 5432)).toThrow('phi-test/web: an egress rule egress-to-db exists already: give the second peer another name');
  });
});
