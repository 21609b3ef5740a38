import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deriveCapacity, loadRegionConfig, RegionConfig, RegionConfigError, regionPeakWindows, renderCapacityPlan, validateRegionConfig } from '../src';

const REPO = path.resolve(__dirname, '../../..');
const raw = (app: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(REPO, 'apps', app, 'region.json'), 'utf8'));

function problems(overrides: Record<string, unknown>, base = raw('us-east-1')): string[] {
  try {
    validateRegionConfig({ ...base, ...overrides }, 'apps/x/region.json');
  } catch (err) {
    expect(err).toBeInstanceOf(RegionConfigError);
    return [...(err as RegionConfigError).problems];
  }
  return [];
}

describe('capacity from the workload', () => {
  it('derives the web bounds, window minimums, replicas and cache node of the shipped regions', () => {
    const us = loadRegionConfig(path.join(REPO, 'apps/us-east-1'));
    expect([us.webMinCapacity, us.webDesiredCapacity, us.webMaxCapacity]).toEqual([3, 3, 12]);
    expect(us.capacity?.windowMinCapacity).toEqual({ weekends: 6, thanksgiving: 8, christmas: 7, 'new-year': 6 });
    expect(us.webRequestCountPerTarget).toBeGreaterThan(0);
    const eu = loadRegionConfig(path.join(REPO, 'apps/eu-west-1'));
    expect(eu.schedule.timeZone).toBe('Europe/Dublin');
    expect(regionPeakWindows(eu.schedule).map((w) => w.name)).toEqual(['weekends', 'christmas', 'new-year', 'easter', 'st-patricks-day']);
    expect(eu.capacity?.windowMinCapacity).toEqual({ weekends: 4, christmas: 5, 'new-year': 4, easter: 5, 'st-patricks-day': 4 });
    // Explicit fields are overrides: kept as written when they carry the derived need.
    expect([eu.webMaxCapacity, eu.dbReadReplicaCount, eu.cacheNodeType]).toEqual([9, 1, 'cache.r6g.large']);
  });

  it('explains a maximum that cannot carry the workload', () => {
    expect(problems({ workload: { ...(raw('us-east-1').workload as object), peakConcurrentUsers: 40000 } })).toEqual([
      'webMaxCapacity 12 instances cannot serve 40,000 users at the thanksgiving peak (x2: 80,000 users, 8,042 req/s) at 65% CPU: one t3.medium serves 530 req/s at 65% CPU, so the peak needs 16 (20 with 25% headroom); raise webMaxCapacity to at least 16, or choose a larger webInstanceType',
      'writes at the thanksgiving peak (1,604 statements/s) exceed the 1,400 one db.r6g.large primary takes at 70% CPU: choose a larger dbInstanceClass',
    ]);
  });

  it('checks replicas, the cache node and window minimums set in region.json against the workload', () => {
    const base = raw('us-east-1');
    const schedule = base.schedule as Record<string, unknown>;
    expect(
      problems({
        workload: { ...(base.workload as object), peakConcurrentUsers: 60000 },
        webMaxCapacity: 40,
        dbReadReplicaCount: 1,
        cacheNodeType: 'cache.t4g.micro',
        schedule: { ...schedule, peaks: [{ name: 'christmas', repeat: 'yearly', on: 'dec 20', from: '06:00', to: '+7d 06:00', minCapacity: 10 }] },
      }),
    ).toEqual([
      'peak window christmas minCapacity 10 is below the 21 instances its x1.8 peak needs at 65% CPU: raise it to 21 or remove it to use the derived value',
      'writes at the thanksgiving peak (2,404 statements/s) exceed the 1,400 one db.r6g.large primary takes at 70% CPU: choose a larger dbInstanceClass',
      'dbReadReplicaCount 1 cannot serve 6,480 read queries/s at the thanksgiving peak: one db.r6g.large replica takes 4,200 at 70% CPU, so raise it to 2',
      'cacheNodeType cache.t4g.micro holds 0.38 GiB for data, less than the 1.79 GiB the sessions of 120,000 users need: use cache.t4g.medium or larger',
    ]);
  });

  it('uses standard CPU credits at the burstable baseline, not the CPU target', () => {
    const context = { region: 'us-east-1', azCount: 3, webInstanceType: 't3.medium', webCpuTargetPercent: 65, dbInstanceClass: 'db.r6g.large', windows: [] };
    const workload = { peakConcurrentUsers: 20000, requestsPerUserPerMinute: 6, readWriteRatio: '9:1', sessionSizeKiB: 8, imageUploadsPerDay: 0 };
    const unlimited = deriveCapacity(workload, context);
    const standard = deriveCapacity(workload, { ...context, webCpuCredits: 'standard' });
    expect(unlimited.derived.find((r) => r.name === 'req/s per instance at the target')?.derived).toBe('530');
    expect(standard.derived.find((r) => r.name === 'req/s per instance at the target')?.derived).toBe('163');
    expect(standard.webMaxCapacity).toBeGreaterThan(unlimited.webMaxCapacity);
    expect(deriveCapacity({ ...workload, measuredRequestsPerSecond: 1000 }, context).assumptions[0]).toEqual({
      name: 'req/s per t3.medium at 100% CPU',
      value: '1,000',
      source: 'region.json workload.measuredRequestsPerSecond (a load test of the app)',
    });
  });

  it('explains a bad workload or schedule block by field', () => {
    expect(problems({ workload: { peakConcurrentUsers: -1, requestsPerUserPerMinute: 6, readWriteRatio: 'mostly reads', sessionSizeKiB: 8, imageUploadsPerDay: 1, peakMultipliers: { halloween: 2 } } })).toEqual([
      'workload.peakConcurrentUsers must be a positive integer (got -1)',
      "workload.readWriteRatio must be reads:writes like '9:1' (got \"mostly reads\")",
      'workload.peakMultipliers.halloween names no peak window of this region (windows: weekends, thanksgiving, christmas, new-year): remove it or add the window to schedule',
    ]);
    expect(problems({ schedule: { timeZone: 'US/Eastern', seedPeaks: ['easter'] } })).toEqual([
      "schedule.timeZone must be an IANA time zone like America/New_York (got 'US/Eastern'): it is a legacy alias, not an Area/Location name: use America/New_York",
      "schedule.seedPeaks names an unknown seed peak 'easter': use weekends, thanksgiving, christmas, new-year, or define it under schedule.peaks",
    ]);
    expect(problems({ schedule: undefined })).toEqual(["schedule must be an object with the region's timeZone, like { \"timeZone\": \"America/New_York\" } (got undefined): peaks are local times"]);
    expect(problems({ workload: undefined, webDesiredCapacity: 3 })).toEqual(['webMinCapacity is required without a workload block (got none): set it, or add workload so that it is derived']);
    expect(problems({ webCpuCredits: 'standard', webInstanceType: 'm7g.large' })).toEqual([
      "webCpuCredits applies to burstable types (t2, t3, t3a, t4g) only (got 'standard' with webInstanceType m7g.large): remove it",
    ]);
  });

  it('prints the derivation as tables with every assumption and its source', () => {
    const config = loadRegionConfig(path.join(REPO, 'apps/us-east-1')) as RegionConfig;
    const text = renderCapacityPlan(config.capacity!, 'Capacity of apps/us-east-1/region.json');
    for (const heading of ['## Inputs', '## Assumptions', '## Derived']) expect(text).toContain(heading);
    expect(text).toContain('| req/s per t3.medium at 100% CPU');
    expect(text).toContain('tools/bench/web-rps.mjs');
    expect(text).toContain('| webMaxCapacity ');
    expect(text).toContain('Problems: none');
  });

  it('runs as the capacity command and fails on a config that cannot carry its workload', () => {
    const tsx = path.join(REPO, 'node_modules/.bin/tsx');
    const out = execFileSync(tsx, [path.join(__dirname, '../src/capacity-cli.ts'), path.join(REPO, 'apps/eu-west-1')], { encoding: 'utf8' });
    expect(out).toMatch(/^# Capacity of .*apps\/eu-west-1\/region\.json \(eu-west-1, t3\.medium at 65% CPU, 3 AZs, peaks in Europe\/Dublin\)/);
    const dir = fs.mkdtempSync(path.join(REPO, '.terraform-work', 'capacity-'));
    try {
      const app = path.join(dir, 'apps', 'us-east-1');
      fs.mkdirSync(app, { recursive: true });
      fs.writeFileSync(path.join(app, 'region.json'), JSON.stringify({ ...raw('us-east-1'), webMaxCapacity: 4 }));
      let failure: { status: number; stdout: string; stderr: string } | undefined;
      try {
        execFileSync(tsx, [path.join(__dirname, '../src/capacity-cli.ts'), app], { encoding: 'utf8', stdio: 'pipe' });
      } catch (err) {
        failure = err as { status: number; stdout: string; stderr: string };
      }
      expect(failure?.status).toBe(1);
      expect(failure?.stdout).toContain('## Derived');
      expect(failure?.stderr).toContain('webMaxCapacity 4 instances cannot serve 20,000 users at the thanksgiving peak');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
