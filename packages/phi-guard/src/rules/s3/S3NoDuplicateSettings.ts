import { defineRule, fromProblems } from '../../rule';
import { BUCKET_SETTINGS, BucketSettingName, bucketSettingWriters } from './util';

export const S3NoDuplicateSettings = defineRule({
  id: 'PHI-S3-6',
  name: 'S3NoDuplicateSettings',
  level: 'error',
  description:
    'Each setting of an S3 bucket (encryption, versioning, public access block, policy, logging, ownership) is written by one resource only: with two, AWS keeps whichever applies last and Terraform rewrites it on every apply.',
  control: '§164.312(c)(1)',
  anchors: { cdkNag: '-', checkov: '-' },
  resourceTypes: ['aws_s3_bucket'],
  waivable: false,
  check(bucket, context) {
    const problems: string[] = [];
    for (const name of Object.keys(BUCKET_SETTINGS) as BucketSettingName[]) {
      const writers = bucketSettingWriters(bucket, context, name);
      if (writers.length > 1) problems.push(`the ${BUCKET_SETTINGS[name].label} is written by ${writers.length} resources (${writers.map((w) => w.address).join(', ')})`);
    }
    return fromProblems(problems, 'keep one resource per bucket setting and remove the others (an inline attribute of aws_s3_bucket counts as one)');
  },
});
