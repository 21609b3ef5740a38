import { TerraformStack, Testing } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Construct } from 'constructs';
import { constructPathOf, refAt, resourcesByPath } from '../src';

describe('synth-json', () => {
  const stack = new TerraformStack(Testing.app(), 'stack');
  const db = new Construct(stack, 'db');
  new KmsKey(db, 'replica-1', { description: 'one' });
  new DataAwsIamPolicyDocument(db, 'policy', { statement: [{ actions: ['kms:*'], resources: ['*'] }] });
  const json = JSON.parse(Testing.synth(stack));

  it('turns a logical id into the construct path below the stack', () => {
    expect(constructPathOf('db_replica-1_0A1B2C3D')).toBe('db/replica-1');
    expect(constructPathOf('vpc')).toBe('vpc');
  });

  it('keys resources and data sources by construct path', () => {
    expect(Object.keys(resourcesByPath(json, 'aws_kms_key'))).toEqual(['db/replica-1']);
    expect(resourcesByPath(json, 'aws_kms_key')['db/replica-1'].description).toBe('one');
    expect(Object.keys(resourcesByPath(json, 'aws_iam_policy_document', 'data'))).toEqual(['db/policy']);
    expect(resourcesByPath(json, 'aws_s3_bucket')).toEqual({});
  });

  it('writes the Terraform reference to an attribute, and throws for a path that has no block', () => {
    const [key] = Object.keys(json.resource.aws_kms_key);
    expect(refAt(json, 'aws_kms_key', 'db/replica-1', 'arn')).toBe(`\${aws_kms_key.${key}.arn}`);
    const [doc] = Object.keys(json.data.aws_iam_policy_document);
    expect(refAt(json, 'aws_iam_policy_document', 'db/policy', 'json', 'data')).toBe(`\${data.aws_iam_policy_document.${doc}.json}`);
    expect(() => refAt(json, 'aws_kms_key', 'db/primary', 'arn')).toThrow('no aws_kms_key at db/primary');
  });
});
