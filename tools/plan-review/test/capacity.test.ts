import { capacityDecreases, EXIT_OK, EXIT_POLICY, main, parsePlan, renderMarkdown, reviewPlan, reviewPlans } from '../src';

// A plan applied during a peak by a stack that still manages min_size: the live group holds the
// peak (6) and the config writes the baseline (3) back over it.
const asg = (name: string, actions: string[], before: Record<string, number> | null, after: Record<string, number> | null) => ({
  address: `aws_autoscaling_group.${name}`,
  mode: 'managed',
  type: 'aws_autoscaling_group',
  name,
  provider_name: 'registry.terraform.io/hashicorp/aws',
  change: {
    actions,
    before: before && { name: `${name}-app`, health_check_type: 'ELB', ...before },
    after: after && { name: `${name}-app`, health_check_type: 'ELB', ...after },
    after_unknown: {},
    before_sensitive: {},
    after_sensitive: {},
  },
});

const PLAN = JSON.stringify({
  format_version: '1.2',
  terraform_version: '1.11.4',
  planned_values: { root_module: {} },
  resource_changes: [
    asg('peak_lowered', ['update'], { min_size: 6, max_size: 12, desired_capacity: 7 }, { min_size: 3, max_size: 12, desired_capacity: 3 }),
    asg('schedule_owned', ['update'], { min_size: 6, max_size: 12, desired_capacity: 7 }, { min_size: 6, max_size: 12, desired_capacity: 7 }),
    asg('max_raised', ['update'], { min_size: 3, max_size: 9, desired_capacity: 3 }, { min_size: 3, max_size: 12, desired_capacity: 3 }),
    asg('max_lowered', ['update'], { min_size: 3, max_size: 12, desired_capacity: 5 }, { min_size: 3, max_size: 9, desired_capacity: 5 }),
    asg('renamed', ['delete', 'create'], { min_size: 3, max_size: 9, desired_capacity: 4 }, { min_size: 3, max_size: 9, desired_capacity: 3 }),
    asg('new_group', ['create'], null, { min_size: 3, max_size: 9, desired_capacity: 3 }),
  ],
});

describe('capacity taken from live Auto Scaling groups', () => {
  const plan = parsePlan(PLAN, 'peak.plan.json');
  const review = reviewPlans([reviewPlan(plan, 'phi-us-east-1')]);

  it('flags lowered min, max or desired capacity and replaced groups, not raises, no-ops or new groups', () => {
    expect(capacityDecreases(plan).map((d) => [d.address, d.kind, d.attributes.map((a) => `${a.name} ${a.before}->${a.after}`)])).toEqual([
      ['aws_autoscaling_group.max_lowered', 'update', ['max_size 12->9']],
      ['aws_autoscaling_group.peak_lowered', 'update', ['min_size 6->3', 'desired_capacity 7->3']],
      ['aws_autoscaling_group.renamed', 'replace', []],
    ]);
    expect(review.stacks[0].capacityDecreases).toHaveLength(3);
  });

  it('warns at the top of the Markdown with each group and value', () => {
    const md = renderMarkdown(review);
    expect(md).toContain('> [!WARNING]\n> **3 live Auto Scaling groups lose capacity.** Applied during a scheduled peak, this drops the group below the peak\'s minimum');
    expect(md).toContain('> - `phi-us-east-1`: `aws_autoscaling_group.peak_lowered` min_size 6 → 3, desired_capacity 7 → 3');
    expect(md).toContain('> - `phi-us-east-1`: `aws_autoscaling_group.renamed` replaces the live group (min_size 3, max_size 9, desired_capacity 4): its instances are terminated');
    expect(md.indexOf('[!WARNING]')).toBeLessThan(md.indexOf('| Stack |'));
  });

  it('fails --fail-on capacity, and only that policy', () => {
    const io = (out: { stderr: string }) => ({ stdout: () => undefined, stderr: (t: string) => (out.stderr += t), readFile: () => PLAN });
    const failing = { stderr: '' };
    expect(main(['phi-us-east-1/plan.json', '--fail-on', 'capacity'], io(failing))).toBe(EXIT_POLICY);
    expect(failing.stderr).toContain('plan-review: --fail-on capacity: 3 live Auto Scaling group(s) lose capacity (phi-us-east-1: aws_autoscaling_group.max_lowered max_size 12 → 9;');
    const passing = { stderr: '' };
    expect(main(['phi-us-east-1/plan.json', '--fail-on', 'stateful'], io(passing))).toBe(EXIT_OK);
  });
});
