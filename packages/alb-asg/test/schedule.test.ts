import { App, Testing, TerraformStack } from 'cdktf';
import {
  activeWindowsAt,
  AlbAsg,
  AlbAsgProps,
  anchorDay,
  compileSchedule,
  creationMinSizeFromTerraform,
  cronOccurrences,
  DEFAULT_PEAK_WINDOWS,
  easterSunday,
  evaluatePlanTimeGuard,
  HOUR_MS,
  isoUtc,
  MAX_SCHEDULED_ACTIONS,
  PeakCalendar,
  PeakWindow,
  replaySchedule,
  resolveLocalTime,
  resolvePeakWindows,
  ScheduledAction,
  scheduledActionsFromTerraform,
  timeZoneProblem,
  wallClockAt,
} from '../src';
import { AlbAsgExample } from '../examples/web-tier';

// Synthesized Terraform JSON is untyped; tests index into it freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const at = (iso: string): number => Date.parse(iso);

function calendar(windows: readonly PeakWindow[], timeZone = 'America/New_York', base = 3, peak = 6): PeakCalendar {
  const resolved = resolvePeakWindows(windows, { baseMinSize: base, peakMinSize: peak, maxSize: 12 });
  expect(resolved.problems).toEqual([]);
  return { timeZone, baseMinSize: base, windows: resolved.windows };
}

/** Instants where replaying `actions` disagrees with the calendar's point-wise minimum, checked every `stepMs`. */
function mismatches(cal: PeakCalendar, actions: readonly ScheduledAction[], from: number, to: number, initial: number, stepMs = HOUR_MS): string[] {
  const replay = replaySchedule(actions, { from, to, initialMinSize: initial });
  const out: string[] = [];
  for (let t = from; t < to; t += stepMs) {
    const expected = activeWindowsAt(cal, t);
    const got = replay.minSizeAt(t);
    if (got !== expected.minSize) out.push(`${isoUtc(t)} expected ${expected.minSize} (${expected.windows.join('+') || 'baseline'}) got ${got}`);
  }
  return out;
}

describe('calendar rules', () => {
  it('finds Thanksgiving, Easter and last-weekday anchors', () => {
    expect([2026, 2027, 2028, 2029].map((y) => anchorDay('nov thu#4', y))).toEqual([
      { month: 11, day: 26 },
      { month: 11, day: 25 },
      { month: 11, day: 23 },
      { month: 11, day: 22 },
    ]);
    expect([2026, 2027, 2028, 2029].map(easterSunday)).toEqual([
      { month: 4, day: 5 },
      { month: 3, day: 28 },
      { month: 4, day: 16 },
      { month: 4, day: 1 },
    ]);
    expect(anchorDay('may mon#last', 2026)).toEqual({ month: 5, day: 25 });
    expect(anchorDay('dec 24', 2027)).toEqual({ month: 12, day: 24 });
  });

  it('explains bad windows by name, value and fix', () => {
    const { problems } = resolvePeakWindows(
      [
        { name: 'weekends', repeat: 'weekly', from: 'saturday 7am', to: 'sun 23:00' },
        { name: 'leap', repeat: 'yearly', on: 'feb 29', from: '00:00', to: '+1d 00:00' },
        { name: 'fifth', repeat: 'yearly', on: 'may mon#5', from: '00:00', to: '+1d 00:00' },
        { name: 'backwards', repeat: 'once', from: '2026-09-03 08:00', to: '2026-09-01 08:00' },
        { name: 'huge', repeat: 'weekly', from: 'sat 07:00', to: 'sun 23:00', minCapacity: 40 },
      ],
      { baseMinSize: 3, peakMinSize: 6, maxSize: 12 },
    );
    expect(problems).toEqual([
      `peakWindows[0] 'weekends' from must be a day and a time like 'sat 07:00' (got "saturday 7am")`,
      `peakWindows[1] 'leap' on names a day that feb does not have every year (got 29) (got 'feb 29')`,
      `peakWindows[2] 'fifth' on asks for a #5 weekday, which some years do not have: use #last (got 'may mon#5')`,
      `peakWindows[3] 'backwards' must end after it starts (got from '2026-09-03 08:00' to '2026-09-01 08:00')`,
      `peakWindows[4] 'huge' minCapacity 40 is above the group's maximum 12: raise the maximum or lower the window's minimum`,
    ]);
  });
});

describe('time zones and DST', () => {
  it('resolves local times the way java.time does across DST', () => {
    // New York springs forward on 2026-03-08 at 02:00: 02:30 does not exist and runs at 03:30 EDT.
    expect(resolveLocalTime({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/New_York')).toEqual({ instant: at('2026-03-08T07:30:00Z'), kind: 'gap' });
    // It falls back on 2026-11-01: 01:30 happens twice; the earlier (EDT) instant wins.
    expect(resolveLocalTime({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/New_York')).toEqual({ instant: at('2026-11-01T05:30:00Z'), kind: 'overlap' });
    expect(resolveLocalTime({ year: 2026, month: 3, day: 29, hour: 1, minute: 30 }, 'Europe/Dublin').kind).toBe('gap');
    expect(resolveLocalTime({ year: 2026, month: 7, day: 4, hour: 7, minute: 0 }, 'Europe/Dublin')).toEqual({ instant: at('2026-07-04T06:00:00Z'), kind: 'unique' });
    expect(wallClockAt(at('2026-12-24T11:00:00Z'), 'America/New_York')).toEqual({ year: 2026, month: 12, day: 24, hour: 6, minute: 0 });
  });

  it('keeps a cron at its local time on both sides of a DST change', () => {
    // Saturdays 07:00 New York: 12:00Z in winter, 11:00Z in summer, across both 2026 transitions.
    expect(cronOccurrences('0 7 * * 6', 'America/New_York', at('2026-02-28T00:00:00Z'), at('2026-03-15T00:00:00Z')).map(isoUtc)).toEqual([
      '2026-02-28T12:00:00Z',
      '2026-03-07T12:00:00Z',
      '2026-03-14T11:00:00Z',
    ]);
    expect(cronOccurrences('0 7 * * 6', 'America/New_York', at('2026-10-24T00:00:00Z'), at('2026-11-08T00:00:00Z')).map(isoUtc)).toEqual([
      '2026-10-24T11:00:00Z',
      '2026-10-31T11:00:00Z',
      '2026-11-07T12:00:00Z',
    ]);
    // Unix cron ORs day-of-month and day-of-week when both are restricted.
    expect(cronOccurrences('0 6 1 * 1', 'UTC', at('2026-06-01T00:00:00Z'), at('2026-06-16T00:00:00Z')).map(isoUtc)).toEqual([
      '2026-06-01T06:00:00Z',
      '2026-06-08T06:00:00Z',
      '2026-06-15T06:00:00Z',
    ]);
  });

  it('holds a weekly window at 07:00 local time in winter and in summer, in New York and Dublin', () => {
    for (const [zone, winter, summer] of [
      ['America/New_York', '2026-01-10T12:00:00Z', '2026-07-11T11:00:00Z'],
      ['Europe/Dublin', '2026-01-10T07:00:00Z', '2026-07-11T06:00:00Z'],
    ] as const) {
      const cal = calendar([DEFAULT_PEAK_WINDOWS[0]], zone);
      const compiled = compileSchedule({ calendar: cal, fromYear: 2026, years: 1, holdTime: '04:00' });
      const replay = replaySchedule(compiled.actions, { from: compiled.horizon.start, to: compiled.horizon.end, initialMinSize: compiled.steps[0][1] });
      for (const edge of [winter, summer]) {
        expect(replay.minSizeAt(at(edge) - 60_000)).toBe(3);
        expect(replay.minSizeAt(at(edge))).toBe(6);
      }
    }
  });

  it('refuses zone aliases and window edges or hold times inside a DST transition', () => {
    expect(timeZoneProblem('US/Eastern')).toBe('it is a legacy alias, not an Area/Location name: use America/New_York');
    expect(timeZoneProblem('Mars/Olympus')).toBe('it is not in the IANA time zone database');
    expect(timeZoneProblem('Europe/Dublin')).toBeUndefined();
    const build = (props: Partial<AlbAsgProps>) => () =>
      new AlbAsg(new TerraformStack(new App(), 'test'), 'web', {
        name: 'web',
        vpcId: 'vpc-123',
        albSubnetIds: ['subnet-pa', 'subnet-pb'],
        appSubnetIds: ['subnet-a', 'subnet-b'],
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-1111-2222-333344445555',
        imageId: 'ami-0123456789abcdef0',
        scheduleFromYear: 2026,
        ...props,
      });
    expect(build({ scheduleTimeZone: 'US/Eastern' })).toThrow(
      "test/web: scheduleTimeZone must be an IANA time zone like America/New_York (got 'US/Eastern'): it is a legacy alias, not an Area/Location name: use America/New_York",
    );
    expect(build({ scheduleTimeZone: 'America/New_York', peakWindows: [{ name: 'night', repeat: 'weekly', from: 'sun 02:30', to: 'sun 05:00' }] })).toThrow(
      "test/web: peakWindows 'night' starts at 2026-03-08 02:30 America/New_York, a local time that DST skips: move the window's from out of the DST transition hour",
    );
    expect(build({ scheduleTimeZone: 'Europe/Dublin', scheduleHoldTime: '01:30' })).toThrow(
      'test/web: scheduleHoldTime 01:30 does not exist in Europe/Dublin on 2026-03-29 (DST): choose a time outside the transition hour, e.g. 04:00',
    );
    expect(build({ scheduleYears: 10, peakWindows: [...DEFAULT_PEAK_WINDOWS, { name: 'easter', repeat: 'yearly', on: 'easter', from: '-2d 06:00', to: '+2d 06:00' }] })).toThrow(
      /test\/web: the schedule has \d+ scheduled actions, more than the 125 EC2 Auto Scaling allows per group: lower scheduleYears \(got 10\) or merge peak windows/,
    );
    expect(build({ peakWindows: [{ name: 'dip', repeat: 'weekly', from: 'mon 01:00', to: 'mon 05:00', minCapacity: 1 }] })).toThrow(
      "test/web: peakWindows 'dip' minCapacity 1 is below minCapacity 2: a window can only raise the minimum",
    );
  });
});

describe('stacking', () => {
  // Weekends at 6, Christmas at 8, and a launch at 5 that overlaps a weekend and Christmas Eve.
  const windows: PeakWindow[] = [
    DEFAULT_PEAK_WINDOWS[0],
    { ...DEFAULT_PEAK_WINDOWS[2], minCapacity: 8 },
    { name: 'launch', repeat: 'once', from: '2026-12-18 09:00', to: '2026-12-24 12:00', minCapacity: 5 },
    { name: 'thanksgiving', repeat: 'yearly', on: 'nov thu#4', from: '-1d 06:00', to: '+5d 06:00', minCapacity: 7 },
  ];
  const cal = calendar(windows);
  const compiled = compileSchedule({ calendar: cal, fromYear: 2026, years: 2, holdTime: '04:00' });
  const replay = replaySchedule(compiled.actions, { from: compiled.horizon.start, to: compiled.horizon.end, initialMinSize: compiled.steps[0][1] });

  it('holds the largest minimum of the active windows at every quarter hour of two years', () => {
    expect(mismatches(cal, compiled.actions, compiled.horizon.start, compiled.horizon.end, compiled.steps[0][1], 15 * 60_000)).toEqual([]);
  });

  it('never runs two actions at the same instant and stays within the AWS limit', () => {
    expect(replay.collisions).toEqual([]);
    expect(compiled.actions.length).toBeLessThanOrEqual(MAX_SCHEDULED_ACTIONS);
    expect(new Set(compiled.actions.map((a) => a.name)).size).toBe(compiled.actions.length);
  });

  it('keeps Christmas through its Sunday nights and hands over to the weekend and the launch', () => {
    // Sunday 2026-12-20 23:00 New York ends a weekend inside Christmas: the minimum stays 8.
    expect(replay.minSizeAt(at('2026-12-21T04:30:00Z'))).toBe(8);
    expect(replay.minSizeAt(at('2026-12-25T17:00:00Z'))).toBe(8);
    // Christmas ends Sunday 2026-12-27 06:00 inside a weekend: 6 until 23:00, then the baseline.
    expect(replay.minSizeAt(at('2026-12-27T12:00:00Z'))).toBe(6);
    expect(replay.minSizeAt(at('2026-12-28T05:00:00Z'))).toBe(3);
    // The launch (5) runs from Friday 2026-12-18 09:00; the weekend (6) wins over it on Saturday.
    expect(replay.minSizeAt(at('2026-12-18T15:00:00Z'))).toBe(5);
    expect(replay.minSizeAt(at('2026-12-19T13:00:00Z'))).toBe(6);
    // Thanksgiving 2026 (7) covers Black Friday and Cyber Monday, weekend included.
    for (const t of ['2026-11-26T17:00:00Z', '2026-11-27T17:00:00Z', '2026-11-29T17:00:00Z', '2026-11-30T17:00:00Z']) expect(replay.minSizeAt(at(t))).toBe(7);
  });

  it('catches the seed schedule of the previous release: weekend ends inside Thanksgiving and Christmas', () => {
    // The eight actions the seed shipped (regional stacks ran them in UTC with a baseline of 3 and a peak of 6).
    const legacy: ScheduledAction[] = [
      ['weekend-peak-start', '0 7 * * 6', 6],
      ['weekend-peak-end', '0 23 * * 0', 3],
      ['thanksgiving-peak-start', '0 6 22 11 *', 6],
      ['thanksgiving-peak-end', '0 6 2 12 *', 3],
      ['christmas-peak-start', '0 6 20 12 *', 6],
      ['christmas-peak-end', '0 6 27 12 *', 3],
      ['new-year-peak-start', '0 6 30 12 *', 6],
      ['new-year-peak-end', '0 6 2 1 *', 3],
    ].map(([name, recurrence, minSize]) => ({ name: name as string, recurrence: recurrence as string, timeZone: 'UTC', minSize: minSize as number }));
    // What the seed declared: its windows, in UTC.
    const declared = calendar(
      [
        DEFAULT_PEAK_WINDOWS[0],
        { name: 'thanksgiving', repeat: 'yearly', on: 'nov 22', from: '06:00', to: '+10d 06:00' },
        { name: 'christmas', repeat: 'yearly', on: 'dec 20', from: '06:00', to: '+7d 06:00' },
        { name: 'new-year', repeat: 'yearly', on: 'dec 30', from: '06:00', to: '+3d 06:00' },
      ],
      'UTC',
    );
    const found = mismatches(declared, legacy, at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'), 3);
    for (const day of ['2026-11-26', '2026-11-27', '2026-12-24', '2026-12-25']) {
      expect(found).toContain(`${day}T12:00:00Z expected 6 (${day.startsWith('2026-11') ? 'thanksgiving' : 'christmas'}) got 3`);
    }
  });
});

describe('the synthesized example, replayed as EC2 Auto Scaling runs it', () => {
  const stack = new AlbAsgExample(Testing.app(), 'alb-asg-example', { scheduleFromYear: 2026 });
  const json: Json = JSON.parse(Testing.synth(stack));
  const asg: Json = Object.values(json.resource.aws_autoscaling_group)[0] as Json;
  const cal = stack.web.peakCalendar!;

  it.each(['2026-01-01T05:00:00Z', '2026-12-03T07:00:00Z', '2027-12-24T15:00:00Z'])('matches the calendar every hour to 2030 after a plan at %s', (plan) => {
    const planTime = at(plan);
    const actions = scheduledActionsFromTerraform(json, planTime);
    // Plan-time guards: nothing that ran before the plan is created again, and no start time lies in the past.
    for (const a of actions) {
      const last = a.recurrence === undefined ? Date.parse(a.startTime!) : a.endTime !== undefined ? Date.parse(a.endTime) : Infinity;
      expect(last + 300_000).toBeGreaterThan(planTime);
      if (a.startTime !== undefined) expect(Date.parse(a.startTime)).toBeGreaterThan(planTime - 300_000);
    }
    const initial = creationMinSizeFromTerraform(json, asg.min_size, planTime);
    expect(initial).toBe(activeWindowsAt(cal, planTime).minSize);
    const end = at('2030-01-01T05:00:00Z');
    expect(mismatches(cal, actions, planTime, end, initial)).toEqual([]);
    expect(replaySchedule(actions, { from: planTime, to: end, initialMinSize: initial }).collisions).toEqual([]);
  });

  it('evaluates the plan-time guards as Terraform does', () => {
    const guard = '${timecmp(plantimestamp(), "2026-12-20T11:05:00Z") < 0 ? 1 : 0}';
    expect(evaluatePlanTimeGuard(guard, at('2026-12-20T11:04:59Z'))).toBe(1);
    expect(evaluatePlanTimeGuard(guard, at('2026-12-20T11:05:00Z'))).toBe(0);
    expect(evaluatePlanTimeGuard('${timecmp(plantimestamp(), "2027-01-02T12:00:00Z") < 0 ? "2027-01-02T12:00:00Z" : null}', at('2027-01-03T00:00:00Z'))).toBeUndefined();
  });
});
