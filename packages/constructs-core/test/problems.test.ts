import { formatProblems, Problems } from '../src';

describe('Problems', () => {
  it('returns when nothing was recorded, and ignores undefined and empty problems', () => {
    const problems = new Problems('stack/db');
    problems.add(undefined);
    problems.add('');
    problems.check(true, () => 'never built');
    expect(problems.list).toEqual([]);
    expect(() => problems.throwIfAny()).not.toThrow();
  });

  it('throws one problem as "<path>: <problem>"', () => {
    const problems = new Problems('stack/db');
    problems.add("port must be an integer between 1150 and 65535 (got 80): RDS MySQL refuses other ports");
    expect(() => problems.throwIfAny()).toThrow(new Error("stack/db: port must be an integer between 1150 and 65535 (got 80): RDS MySQL refuses other ports"));
  });

  it('collects every problem in the order found before throwing', () => {
    const problems = new Problems('stack/db');
    problems.add('name must start with a letter (got \'1db\'): rename it');
    let built = 0;
    problems.check(false, () => {
      built += 1;
      return 'port must be an integer (got 1.5): use 3306';
    });
    expect(built).toBe(1);
    expect(problems.list).toHaveLength(2);
    expect(() => problems.throwIfAny()).toThrow(
      new Error("stack/db: 2 problems:\n  - name must start with a letter (got '1db'): rename it\n  - port must be an integer (got 1.5): use 3306"),
    );
  });

  it('fail() records the problem and throws with everything recorded so far', () => {
    const problems = new Problems('stack/db');
    problems.add('a must be b (got c): d');
    expect(() => problems.fail('engineVersion must be 8.0 or 8.4 (got 5.7): upgrade first')).toThrow(
      new Error('stack/db: 2 problems:\n  - a must be b (got c): d\n  - engineVersion must be 8.0 or 8.4 (got 5.7): upgrade first'),
    );
  });

  it('formats like PhiKey', () => {
    expect(formatProblems('p', ['x'])).toBe('p: x');
    expect(formatProblems('p', ['x', 'y'])).toBe('p: 2 problems:\n  - x\n  - y');
  });
});
