import * as fs from 'node:fs';
import * as path from 'node:path';
import { optOutsWaiving } from '@phi-stack/constructs-core';
import { HIPAA_RULES } from '@phi-stack/phi-guard';
import { CheckovReport, compare, EVERY_REGION, findingsOf, hasBlock, mergeConfigs, optOutProblems, parseSkips, resourceAddress, Skip, skipsFor, TerraformJson } from '../src';

const CONFIG: TerraformJson = {
  resource: {
    aws_s3_bucket: {
      logs: { tags: { 'phi-stack:opt-out:encryption': 'ALB access-log delivery supports only SSE-S3' } },
      data: { tags: {} },
    },
    aws_lambda_function: { fn: {} },
  },
  data: { aws_iam_policy_document: { 'key-policy_1': {} } },
};

const REASON = 'a reason long enough for a reviewer';
const skip = (check: string, resources: string[], extra: Partial<Skip> = {}): Skip => ({ check, apps: [EVERY_REGION], resources, reason: REASON, ...extra });
const finding = (check: string, resource: string) => ({ check, name: `name of ${check}`, resource });
const optOutKeys = (id: string) => optOutsWaiving(id).map((o) => o.tagKey);

describe('parseSkips', () => {
  it('reads a valid entry, trimming the reason', () => {
    const skips = parseSkips(`skips:\n  - check: CKV_AWS_145\n    apps: [bootstrap]\n    resources: [aws_s3_bucket.logs]\n    reason: '  ${REASON}  '\n`);
    expect(skips).toEqual([{ check: 'CKV_AWS_145', apps: ['bootstrap'], resources: ['aws_s3_bucket.logs'], reason: REASON }]);
  });

  it('names every bad entry: id, lists, address, short reason, unknown key, duplicate', () => {
    const text = [
      'skips:',
      '  - check: AWS_145',
      '    apps: []',
      '    resources: [aws_s3_bucket]',
      '    reason: short',
      '    resource: x',
      `  - { check: CKV2_AWS_62, apps: [bootstrap], resources: [aws_s3_bucket.a], reason: ${REASON} }`,
      `  - { check: CKV2_AWS_62, apps: [bootstrap], resources: [aws_s3_bucket.a], reason: ${REASON}, phiGuard: no }`,
    ].join('\n');
    let message = '';
    try {
      parseSkips(text, 'skips.yaml');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('skips[0] (AWS_145): check must be a checkov id');
    expect(message).toContain('skips[0] (AWS_145): apps must be a non-empty list of strings (got [])');
    expect(message).toContain('resource "aws_s3_bucket" is not a Terraform address');
    expect(message).toContain('reason must say in at least 20 characters');
    expect(message).toContain('unknown key resource');
    expect(message).toContain('skips[2] (CKV2_AWS_62): CKV2_AWS_62 on aws_s3_bucket.a in bootstrap is already skipped by skips[1]');
    expect(message).toContain('skips[2] (CKV2_AWS_62): phiGuard, when given, must say');
  });

  it('refuses a file without a skips list', () => {
    expect(() => parseSkips('other: 1\n', 'f.yaml')).toThrow('f.yaml must hold a top-level list `skips:`');
  });

  it('parses the repository skip file, every entry held to the rules above', () => {
    const skips = parseSkips(fs.readFileSync(path.join(__dirname, '../skips.yaml'), 'utf8'));
    expect(skips.length).toBeGreaterThan(0);
    // A skip of a check that phi-guard makes, on a resource without the opt-out tag, must say why.
    const mapped = skips.filter((s) => HIPAA_RULES.some((r) => r.anchors.checkov === s.check));
    expect(mapped.map((s) => s.check)).toEqual(expect.arrayContaining(['CKV_AWS_145', 'CKV_AWS_157']));
  });
});

describe('skipsFor', () => {
  const skips = [skip('CKV_AWS_1', ['a.b']), { ...skip('CKV_AWS_2', ['a.b']), apps: ['bootstrap'] }, { ...skip('CKV_AWS_3', ['a.b']), apps: ['us-east-1'] }];
  it('gives a regional app the every-region skips and its own', () => {
    expect(skipsFor(skips, 'us-east-1', true).map((s) => s.check)).toEqual(['CKV_AWS_1', 'CKV_AWS_3']);
  });
  it('gives an app without region.json only the skips naming it', () => {
    expect(skipsFor(skips, 'bootstrap', false).map((s) => s.check)).toEqual(['CKV_AWS_2']);
  });
});

describe('resourceAddress', () => {
  it('adds the type checkov leaves out of resource. and data. names', () => {
    expect(resourceAddress('resource.fn', CONFIG)).toBe('aws_lambda_function.fn');
    expect(resourceAddress('data.key-policy_1', CONFIG)).toBe('data.aws_iam_policy_document.key-policy_1');
  });
  it('keeps an address that already has its type', () => {
    expect(resourceAddress('aws_s3_bucket.logs', CONFIG)).toBe('aws_s3_bucket.logs');
  });
  it('fails on a name it cannot place, or can place twice', () => {
    expect(() => resourceAddress('resource.missing', CONFIG)).toThrow('no resource blocks of that name');
    const twice: TerraformJson = { resource: { aws_s3_bucket: { x: {} }, aws_sqs_queue: { x: {} } } };
    expect(() => resourceAddress('resource.x', twice)).toThrow('2 (aws_s3_bucket, aws_sqs_queue) resource blocks');
  });
});

describe('findingsOf', () => {
  it('lists the failed checks with whole addresses and guidelines', () => {
    const report: CheckovReport = {
      check_type: 'terraform_json',
      summary: { passed: 3, failed: 1, skipped: 0, parsing_errors: 0, checkov_version: '3.3.30' },
      results: { failed_checks: [{ check_id: 'CKV_AWS_116', check_name: 'DLQ', resource: 'resource.fn', guideline: 'https://example.test/g' }] },
    };
    expect(findingsOf(report, CONFIG)).toEqual([{ check: 'CKV_AWS_116', name: 'DLQ', resource: 'aws_lambda_function.fn', guideline: 'https://example.test/g' }]);
  });
});

describe('compare', () => {
  it('skips a finding only on the (check, resource) pair named', () => {
    const c = compare([finding('CKV_AWS_145', 'aws_s3_bucket.logs'), finding('CKV_AWS_145', 'aws_s3_bucket.data'), finding('CKV_AWS_18', 'aws_s3_bucket.logs')], [skip('CKV_AWS_145', ['aws_s3_bucket.logs'])], CONFIG);
    expect(c.skipped.map((f) => `${f.check} ${f.resource}`)).toEqual(['CKV_AWS_145 aws_s3_bucket.logs']);
    expect(c.unreviewed.map((f) => `${f.check} ${f.resource}`)).toEqual(['CKV_AWS_145 aws_s3_bucket.data', 'CKV_AWS_18 aws_s3_bucket.logs']);
    expect(c.stale).toEqual([]);
  });
  it('calls a skip stale where its resource is in the app and passes the check', () => {
    const c = compare([], [skip('CKV_AWS_145', ['aws_s3_bucket.logs'])], CONFIG);
    expect(c.stale).toEqual([{ check: 'CKV_AWS_145', resource: 'aws_s3_bucket.logs' }]);
  });
  it('lets a resource absent from this app pass, while another of the entry is found', () => {
    const c = compare([finding('CKV_AWS_157', 'aws_s3_bucket.logs')], [skip('CKV_AWS_157', ['aws_s3_bucket.logs', 'aws_db_instance.replica-2'])], CONFIG);
    expect(c.stale).toEqual([]);
  });
  it('calls a skip stale when none of its resources is in the app', () => {
    const c = compare([], [skip('CKV_AWS_157', ['aws_db_instance.gone'])], CONFIG);
    expect(c.stale).toEqual([{ check: 'CKV_AWS_157', resource: 'aws_db_instance.gone' }]);
  });
  it('applies a plan-only skip to plans alone, and calls it stale on the synth only when its resources are gone', () => {
    const planOnly = skip('CKV_AWS_260', ['aws_s3_bucket.logs'], { only: 'plan' });
    const onPlan = compare([finding('CKV_AWS_260', 'aws_s3_bucket.logs')], [planOnly], {}, 'plan');
    expect([onPlan.skipped.length, onPlan.unreviewed.length]).toEqual([1, 0]); // stale skips are judged on the synth only
    const onSynth = compare([finding('CKV_AWS_260', 'aws_s3_bucket.logs')], [planOnly], CONFIG);
    expect(onSynth.unreviewed.map((f) => f.check)).toEqual(['CKV_AWS_260']); // the synth must not carry it
    expect(compare([], [planOnly], CONFIG).stale).toEqual([]);
    expect(compare([], [skip('CKV_AWS_260', ['aws_s3_bucket.gone'], { only: 'plan' })], CONFIG).stale).toEqual([{ check: 'CKV_AWS_260', resource: 'aws_s3_bucket.gone' }]);
  });
  it('refuses another value of only', () => {
    expect(() => parseSkips(`skips:\n  - check: CKV_AWS_1\n    apps: [every-region]\n    resources: [aws_s3_bucket.logs]\n    reason: ${REASON}\n    only: synth\n`)).toThrow(/only must be plan/);
  });
});

describe('optOutProblems (a skip of a phi-guard check is the same decision as the opt-out tag)', () => {
  it('accepts a skip whose resource carries the opt-out tag that waives the mapped rule', () => {
    // CKV_AWS_145 is PHI-S3-1's anchor; phi-stack:opt-out:encryption waives PHI-S3-1.
    expect(optOutProblems([skip('CKV_AWS_145', ['aws_s3_bucket.logs'])], CONFIG, HIPAA_RULES, optOutKeys)).toEqual([]);
  });
  it('refuses the same skip on a resource without the tag, naming the tag to add', () => {
    const problems = optOutProblems([skip('CKV_AWS_145', ['aws_s3_bucket.data'])], CONFIG, HIPAA_RULES, optOutKeys);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('skip of CKV_AWS_145 on aws_s3_bucket.data: phi-guard rule PHI-S3-1');
    expect(problems[0]).toContain('tag it phi-stack:opt-out:encryption');
  });
  it('accepts it when the skip states why phi-guard passes the resource', () => {
    expect(optOutProblems([skip('CKV_AWS_145', ['aws_s3_bucket.data'], { phiGuard: 'phi-guard passes it for a stated reason' })], CONFIG, HIPAA_RULES, optOutKeys)).toEqual([]);
  });
  it('says so when no opt-out waives the mapped rule', () => {
    const problems = optOutProblems([skip('CKV2_AWS_57', ['aws_s3_bucket.data'])], CONFIG, HIPAA_RULES, optOutKeys);
    expect(problems[0]).toContain('no opt-out tag waives PHI-SM-2');
  });
  it('ignores checks phi-guard does not make', () => {
    expect(optOutProblems([skip('CKV2_AWS_62', ['aws_s3_bucket.data'])], CONFIG, HIPAA_RULES, optOutKeys)).toEqual([]);
  });
});

describe('mergeConfigs and hasBlock', () => {
  it('merges the blocks of several stacks by type', () => {
    const merged = mergeConfigs([{ resource: { aws_s3_bucket: { a: {} } } }, { resource: { aws_s3_bucket: { b: {} } }, data: { aws_region: { r: {} } } }]);
    expect(hasBlock(merged, 'aws_s3_bucket.a')).toBe(true);
    expect(hasBlock(merged, 'aws_s3_bucket.b')).toBe(true);
    expect(hasBlock(merged, 'data.aws_region.r')).toBe(true);
    expect(hasBlock(merged, 'aws_s3_bucket.c')).toBe(false);
  });
});
