/**
 * The scheduled peaks of every shipped region, proven on the synthesized Terraform JSON: each
 * `aws_autoscaling_schedule` is replayed the way EC2 Auto Scaling runs it (time zone, DST, cron
 * recurrence, start and end times, last run wins) for every hour of 2026-2029, against the
 * calendar that region.json declares, evaluated point by point.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  activeWindowsAt,
  creationMinSizeFromTerraform,
  datedOccurrences,
  HOUR_MS,
  isoUtc,
  MAX_SCHEDULED_ACTIONS,
  PeakCalendar,
  replaySchedule,
  resolveLocalTime,
  resolvePeakWindows,
  scheduledActionsFromTerraform,
} from '@phi-stack/alb-asg';
import { App, Testing } from 'cdktf';
import { loadRegionConfig, regionPeakWindows, RegionalStack, regionalStackName } from '../src';

const REPO = path.resolve(__dirname, '../../..');
const APPS = fs.readdirSync(path.join(REPO, 'apps')).filter((a) => fs.existsSync(path.join(REPO, 'apps', a, 'region.json')));
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON

describe.each(APPS)('the peak schedule of %s', (app) => {
  const config = loadRegionConfig(path.join(REPO, 'apps', app));
  const stack = new RegionalStack(new App({ skipValidation: true }), regionalStackName(config), { config, target: 'local', scheduleFromYear: 2026 });
  const json = JSON.parse(Testing.synth(stack)) as Json;
  const asg = Object.values(json.resource.aws_autoscaling_group)[0] as Json;
  const zone = config.schedule.timeZone;

  // The oracle: region.json's windows and the workload's minimums, evaluated at each instant.
  const declared = regionPeakWindows(config.schedule).map((w) => ({ ...w, minCapacity: w.minCapacity ?? config.capacity?.windowMinCapacity[w.name] }));
  const resolved = resolvePeakWindows(declared, { baseMinSize: config.webMinCapacity, peakMinSize: Math.min(config.webMaxCapacity, 2 * config.webMinCapacity) });
  const calendar: PeakCalendar = { timeZone: zone, baseMinSize: config.webMinCapacity, windows: resolved.windows };
  const start = resolveLocalTime({ year: 2026, month: 1, day: 1, hour: 0, minute: 0 }, zone).instant;
  const end = resolveLocalTime({ year: 2030, month: 1, day: 1, hour: 0, minute: 0 }, zone).instant;

  // One plan at the start of 2026 creates the group and the actions; nothing is applied after.
  const actions = scheduledActionsFromTerraform(json, start);
  const initial = creationMinSizeFromTerraform(json, asg.min_size, start);
  const replay = replaySchedule(actions, { from: start, to: end, initialMinSize: initial });

  it('reads its time zone and holidays from region.json', () => {
    expect(resolved.problems).toEqual([]);
    expect(stack.web.peakCalendar?.timeZone).toBe(zone);
    expect(zone).not.toBe('UTC');
    for (const a of actions.filter((x) => x.recurrence !== undefined)) expect(a.timeZone).toBe(zone);
    expect(stack.web.peakCalendar?.windows.map((w) => [w.name, w.minSize])).toEqual(calendar.windows.map((w) => [w.name, w.minSize]));
  });

  it('fits in the 125 scheduled actions a group allows, with no two runs at the same instant', () => {
    expect(Object.keys(json.resource.aws_autoscaling_schedule).length).toBeLessThanOrEqual(MAX_SCHEDULED_ACTIONS);
    expect(replay.collisions).toEqual([]);
  });

  it('holds the declared minimum at every hour of 2026-2029', () => {
    const wrong: string[] = [];
    for (let t = start; t < end; t += HOUR_MS) {
      const expected = activeWindowsAt(calendar, t);
      const got = replay.minSizeAt(t);
      if (got !== expected.minSize) wrong.push(`${isoUtc(t)}: ${expected.windows.join('+') || 'baseline'} expects ${expected.minSize}, the schedule holds ${got}`);
    }
    expect(wrong).toEqual([]);
  });

  it('runs every declared window at its peak minimum, and the baseline outside them', () => {
    const dated = datedOccurrences(calendar, 2026, 2029).filter((o) => o.startAt >= start && o.startAt < end);
    expect(dated.length).toBeGreaterThanOrEqual(4 * (calendar.windows.length - 1));
    for (const o of dated) {
      for (let t = o.startAt; t < o.endAt; t += HOUR_MS) expect([o.name, isoUtc(t), replay.minSizeAt(t) >= o.minSize]).toEqual([o.name, isoUtc(t), true]);
    }
    let baselineHours = 0;
    for (let t = start; t < end; t += HOUR_MS) {
      if (activeWindowsAt(calendar, t).windows.length > 0) continue;
      baselineHours++;
      if (replay.minSizeAt(t) !== config.webMinCapacity) throw new Error(`${isoUtc(t)} is outside every window but holds ${replay.minSizeAt(t)}`);
    }
    expect(baselineHours).toBeGreaterThan(20_000);
  });

  it('stays correct when a later plan re-creates the group or re-applies the schedule', () => {
    for (const plan of ['2026-11-25T12:00:00Z', '2026-12-24T15:00:00Z', '2028-07-01T00:00:00Z']) {
      const planTime = Date.parse(plan);
      const live = scheduledActionsFromTerraform(json, planTime);
      const first = creationMinSizeFromTerraform(json, asg.min_size, planTime);
      expect(first).toBe(activeWindowsAt(calendar, planTime).minSize);
      const later = replaySchedule(live, { from: planTime, to: end, initialMinSize: first });
      for (let t = planTime; t < end; t += 6 * HOUR_MS) {
        if (later.minSizeAt(t) !== activeWindowsAt(calendar, t).minSize) throw new Error(`after a plan at ${plan}: ${isoUtc(t)} holds ${later.minSizeAt(t)}`);
      }
    }
  });
});

describe('the US region keeps the days the previous schedule lost', () => {
  const config = loadRegionConfig(path.join(REPO, 'apps', 'us-east-1'));
  const stack = new RegionalStack(new App({ skipValidation: true }), regionalStackName(config), { config, target: 'local', scheduleFromYear: 2026 });
  const json = JSON.parse(Testing.synth(stack)) as Json;
  const start = Date.parse('2026-01-01T05:00:00Z');
  const asg = Object.values(json.resource.aws_autoscaling_group)[0] as Json;
  const replay = replaySchedule(scheduledActionsFromTerraform(json, start), { from: start, to: Date.parse('2030-01-01T05:00:00Z'), initialMinSize: creationMinSizeFromTerraform(json, asg.min_size, start) });
  const windowMin = config.capacity!.windowMinCapacity;

  it.each([
    ['Thanksgiving 2026', '2026-11-26T17:00:00Z', 'thanksgiving'],
    ['Black Friday 2026', '2026-11-27T17:00:00Z', 'thanksgiving'],
    ['Christmas Eve 2026', '2026-12-24T17:00:00Z', 'christmas'],
    ['Christmas Day 2026', '2026-12-25T17:00:00Z', 'christmas'],
    ['the Sunday night inside Christmas 2026', '2026-12-21T04:30:00Z', 'christmas'],
    ['Thanksgiving 2027', '2027-11-25T17:00:00Z', 'thanksgiving'],
    ['Christmas Day 2027', '2027-12-25T17:00:00Z', 'christmas'],
  ])('%s runs at the window minimum', (_label, at, window) => {
    expect(replay.minSizeAt(Date.parse(at))).toBe(windowMin[window]);
  });
});
