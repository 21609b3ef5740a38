import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadRegionConfig, RegionConfig, RegionConfigError, validateRegionConfig } from '../src';

const REPO = path.resolve(__dirname, '../../..');
const usEast1 = JSON.parse(fs.readFileSync(path.join(REPO, 'apps/us-east-1/region.json'), 'utf8')) as RegionConfig;

function problems(overrides: Record<string, unknown>, siblings = [] as { file: string; cidrBlock: string }[]): string[] {
  try {
    validateRegionConfig({ ...usEast1, ...overrides }, 'apps/x/region.json', siblings);
  } catch (err) {
    expect(err).toBeInstanceOf(RegionConfigError);
    return [...(err as RegionConfigError).problems];
  }
  return [];
}

describe('validateRegionConfig', () => {
  it('accepts the shipped region configs', () => {
    for (const app of ['us-east-1', 'eu-west-1']) {
      const config = loadRegionConfig(path.join(REPO, 'apps', app));
      expect(config.region).toBe(app);
    }
  });

  it('rejects a VPC CIDR that overlaps another region', () => {
    expect(problems({ cidrBlock: '10.20.128.0/17' }, [{ file: 'apps/eu-west-1/region.json', cidrBlock: '10.20.0.0/16' }])).toEqual([
      'cidrBlock 10.20.128.0/17 overlaps cidrBlock 10.20.0.0/16 of apps/eu-west-1/region.json: give every region a distinct range so that regions can be peered',
    ]);
  });

  it('rejects an unknown region', () => {
    const [problem] = problems({ region: 'mars-north-1' });
    expect(problem).toMatch(/^region 'mars-north-1' is unknown: use one of us-east-1, .* or add it with its Availability Zones to packages\/regional-stack\/src\/regions\.json$/);
  });

  it('rejects an AZ count above what the region has', () => {
    expect(problems({ region: 'us-west-1', albCertificateArn: usEast1.albCertificateArn.replace('us-east-1', 'us-west-1'), azCount: 3 })).toEqual([
      'azCount must be between 2 and 2 for us-west-1, which has 2 Availability Zones (got 3)',
    ]);
  });

  it('rejects a malformed CIDR and one with host bits set', () => {
    expect(problems({ cidrBlock: '10.10.0.0' })).toEqual(["cidrBlock must be an IPv4 CIDR block with no host bits set, like 10.10.0.0/16 (got '10.10.0.0')"]);
    expect(problems({ cidrBlock: '10.10.0.1/16' })).toEqual(["cidrBlock must be an IPv4 CIDR block with no host bits set, like 10.10.0.0/16 (got '10.10.0.1/16')"]);
  });

  it('checks scaling bounds, replica count and certificates together, reporting every problem', () => {
    expect(problems({ workload: undefined, webMinCapacity: 4, webDesiredCapacity: 2, webMaxCapacity: 2, dbReadReplicaCount: 16, albCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' })).toEqual([
      'web capacities must satisfy webMinCapacity <= webDesiredCapacity <= webMaxCapacity (got 4 <= 2 <= 2)',
      'webMaxCapacity must be at least azCount (3) so that every AZ can hold an instance (got 2)',
      'dbReadReplicaCount must be an integer between 0 and 15 (got 16): RDS for MySQL allows at most 15 read replicas per source instance',
      "albCertificateArn must be a certificate in us-east-1, the ALB's region (got 'arn:aws:acm:eu-west-1:123456789012:certificate/abc')",
    ]);
  });

  it('rejects wrong types and unknown fields by name', () => {
    expect(problems({ azCount: '3', vpcCdir: '10.0.0.0/16' })).toEqual([
      expect.stringMatching(/^unknown field 'vpcCdir': remove it or check its spelling/),
      'azCount must be an integer (got "3")',
    ]);
  });

  it('names the new name of a renamed field, and still requires the new field', () => {
    expect(problems({ cidrBlock: undefined, natGateways: undefined, vpcCidr: usEast1.cidrBlock, natGatewayMode: usEast1.natGateways })).toEqual(
      expect.arrayContaining([
        "field 'vpcCidr' is now 'cidrBlock', the name of the construct prop it feeds: rename it (the value stays the same)",
        "field 'natGatewayMode' is now 'natGateways', the name of the construct prop it feeds: rename it (the value stays the same)",
        expect.stringMatching(/^cidrBlock /),
      ]),
    );
  });

  it('names the file in the error and fails on unreadable JSON', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'region-'));
    fs.mkdirSync(path.join(dir, 'xx-test-1'));
    fs.writeFileSync(path.join(dir, 'xx-test-1', 'region.json'), '{ "region": ');
    expect(() => loadRegionConfig(path.join(dir, 'xx-test-1'))).toThrow(/region\.json: invalid region config:\n  - cannot read the config: /);
  });

  it('compares the CIDR with the sibling app folders', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'region-'));
    for (const [name, cidr] of [['us-east-1', '10.10.0.0/16'], ['us-east-2', '10.10.0.0/18']]) {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, 'region.json'), JSON.stringify({ ...usEast1, region: name, cidrBlock: cidr, albCertificateArn: usEast1.albCertificateArn.replace('us-east-1', name) }));
    }
    expect(() => loadRegionConfig(path.join(dir, 'us-east-2'))).toThrow(/cidrBlock 10\.10\.0\.0\/18 overlaps cidrBlock 10\.10\.0\.0\/16 of .*us-east-1\/region\.json/);
  });

  it('keeps the state of an app in another region in the bootstrap region, with a key of that region', () => {
    const euWest1 = JSON.parse(fs.readFileSync(path.join(REPO, 'apps/eu-west-1/region.json'), 'utf8')) as RegionConfig;
    const noStateRegion = { ...euWest1, stateRegion: undefined };
    const keyArn = euWest1.stateKmsKeyArn;
    expect(() => validateRegionConfig(noStateRegion, 'apps/eu-west-1/region.json')).toThrow(
      `stateKmsKeyArn is a key in us-east-1, but the state bucket's region is the app's region eu-west-1, as stateRegion is unset (got '${keyArn}'): ` +
        "S3 encrypts only with a key in the bucket's region; set stateRegion to the region of the bootstrap app that made both (us-east-1)",
    );
    expect(problems({ stateRegion: 'mars-north-1' })[0]).toMatch(/^stateRegion 'mars-north-1' is unknown: use the bootstrap app's region, one of us-east-1, /);
    expect(problems({ stateBucket: undefined, stateKmsKeyArn: undefined, stateRegion: 'us-east-1' })).toEqual([
      "stateRegion needs stateBucket (got stateRegion 'us-east-1' and no bucket): both come from the bootstrap app",
    ]);
  });

  it('holds the state location to the bootstrap app next to the region apps', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'region-'));
    fs.mkdirSync(path.join(dir, 'bootstrap'));
    fs.writeFileSync(path.join(dir, 'bootstrap', 'bootstrap.json'), JSON.stringify({ region: 'us-east-2', stateBucket: 'phi-stack-tfstate-210987654321' }));
    fs.mkdirSync(path.join(dir, 'us-east-1'));
    fs.writeFileSync(path.join(dir, 'us-east-1', 'region.json'), JSON.stringify({ ...usEast1, stateRegion: undefined, stateKmsKeyArn: undefined }));
    let caught: RegionConfigError | undefined;
    try {
      loadRegionConfig(path.join(dir, 'us-east-1'));
    } catch (err) {
      caught = err as RegionConfigError;
    }
    expect(caught?.problems).toEqual([
      expect.stringMatching(/^stateBucket must be the bucket that .*bootstrap\/bootstrap\.json creates, 'phi-stack-tfstate-210987654321' \(got 'phi-stack-tfstate-123456789012'\)$/),
      expect.stringMatching(/^the state bucket is in us-east-2, where .*bootstrap\/bootstrap\.json creates it, but this app's backend would look in the app's region us-east-1, as stateRegion is unset: set "stateRegion": "us-east-2"$/),
    ]);
  });
});
