/**
 * tools/terraform/check-state-bucket.sh, the deploy workflow's bootstrap check, run against recorded
 * S3 responses through a stand-in `aws` command that evaluates `--query` with the Python `jmespath`
 * library, the one the AWS CLI evaluates it with. The query that counted the public-access flags
 * as 0 with all four on would fail the first test.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(ROOT, 'tools/terraform/check-state-bucket.sh');
const BOOTSTRAP = JSON.parse(fs.readFileSync(path.join(ROOT, 'apps/bootstrap/bootstrap.json'), 'utf8'));

// `aws s3api <operation> [--query Q] [--output text] --bucket B --region R`, answered from responses.json.
const FAKE_AWS = (python: string) => `#!${python}
import json, os, sys
import jmespath
args = sys.argv[1:]
assert args[0] == 's3api', args
op = args[1]
opts = dict(zip(args[2::2], args[3::2]))
with open(os.environ['FAKE_AWS_RESPONSES']) as f:
    responses = json.load(f)
with open(os.environ['FAKE_AWS_LOG'], 'a') as f:
    f.write(json.dumps({'op': op, 'bucket': opts.get('--bucket'), 'region': opts.get('--region')}) + '\\n')
r = responses.get(op)
if r is None:
    sys.stderr.write('An error occurred (404) when calling the %s operation: Not Found\\n' % op)
    sys.exit(254)
if '--query' in opts:
    r = jmespath.search(opts['--query'], r)
if opts.get('--output') == 'text':
    print('None' if r is None else ('True' if r is True else 'False' if r is False else r))
else:
    print(json.dumps(r))
`;

const LOCKED_DOWN = {
  'head-bucket': { BucketRegion: BOOTSTRAP.region },
  'get-bucket-versioning': { Status: 'Enabled' },
  'get-bucket-encryption': { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b' }, BucketKeyEnabled: true }] } },
  'get-public-access-block': { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } },
};

/**
 * A Python that has jmespath: the one on PATH, pyenv's (where the machine's moto and boto3 live,
 * not always on a CI PATH), or the system one. Fails the suite, naming the fix, when there is none.
 */
function pythonWithJmespath(): string {
  const which = spawnSync('bash', ['-c', 'which -a python3 2>/dev/null'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  const candidates = [...which, path.join(os.homedir(), '.pyenv/shims/python3'), '/usr/local/bin/python3', '/usr/bin/python3'];
  for (const python of candidates) {
    if (fs.existsSync(python) && spawnSync(python, ['-c', 'import jmespath'], { stdio: 'ignore' }).status === 0) return python;
  }
  throw new Error(`no python3 with the jmespath module among ${candidates.join(', ')}: pip install jmespath (the AWS CLI's query library, which this test evaluates --query with)`);
}

describe('check-state-bucket.sh', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-state-bucket-'));
    fs.writeFileSync(path.join(dir, 'aws'), FAKE_AWS(pythonWithJmespath()), { mode: 0o755 });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const check = (responses: Record<string, unknown>) => {
    const file = path.join(dir, 'responses.json');
    const log = path.join(dir, 'calls.log');
    fs.writeFileSync(file, JSON.stringify(responses));
    fs.rmSync(log, { force: true });
    const r = spawnSync('bash', [SCRIPT], { encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, FAKE_AWS_RESPONSES: file, FAKE_AWS_LOG: log } });
    const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : [];
    return { code: r.status, out: r.stdout, err: r.stderr, calls };
  };

  it('passes a versioned, SSE-KMS bucket with all four public-access flags on, asking the bootstrap region', () => {
    const r = check(LOCKED_DOWN);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`state bucket ${BOOTSTRAP.stateBucket} (${BOOTSTRAP.region}): versioned, SSE-KMS, all public access blocked\n`);
    expect(r.calls.map((c) => c.op)).toEqual(['head-bucket', 'get-bucket-versioning', 'get-bucket-encryption', 'get-public-access-block']);
    for (const c of r.calls) expect(c).toMatchObject({ bucket: BOOTSTRAP.stateBucket, region: BOOTSTRAP.region });
  });

  it.each(['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'])('fails when %s is off', (flag) => {
    const r = check({ ...LOCKED_DOWN, 'get-public-access-block': { PublicAccessBlockConfiguration: { ...LOCKED_DOWN['get-public-access-block'].PublicAccessBlockConfiguration, [flag]: false } } });
    expect(r.code).toBe(1);
    expect(r.err).toBe(`::error::state bucket ${BOOTSTRAP.stateBucket}: public access is not fully blocked: apply the bootstrap app first (apps/bootstrap/README.md)\n`);
  });

  it('fails a missing bucket, an unversioned one and one encrypted with SSE-S3, each with its reason', () => {
    const rest: Record<string, unknown> = { ...LOCKED_DOWN };
    delete rest['head-bucket'];
    expect(check(rest).err).toContain(': missing or not accessible:');
    expect(check({ ...LOCKED_DOWN, 'get-bucket-versioning': { Status: 'Suspended' } }).err).toContain(': versioning is not enabled:');
    expect(check({ ...LOCKED_DOWN, 'get-bucket-versioning': {} }).err).toContain(': versioning is not enabled:');
    const sse = check({ ...LOCKED_DOWN, 'get-bucket-encryption': { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } } });
    expect(sse.code).toBe(1);
    expect(sse.err).toContain(': not KMS-encrypted:');
  });
});
