import { TerraformStack, Testing } from 'cdktf';
import { AuditTrail } from '../src/audit-trail';

const build = (props: { name: string; logRetentionDays?: number }) => () => new AuditTrail(new TerraformStack(Testing.app(), 'stack'), 'audit', props);

describe('AuditTrail props', () => {
  it('accepts a valid name and the default retention', () => {
    expect(build({ name: 'phi-prod-use1' })).not.toThrow();
    expect(build({ name: 'phi-prod-use1', logRetentionDays: 365 })).not.toThrow();
  });

  it('refuses a retention CloudWatch Logs does not offer, and one under a year', () => {
    expect(build({ name: 'phi-prod-use1', logRetentionDays: 400 })).not.toThrow();
    expect(build({ name: 'phi-prod-use1', logRetentionDays: 500 })).toThrow(/^stack\/audit: logRetentionDays must be a CloudWatch Logs retention \(got 500\): one of 1, 3, /);
    expect(build({ name: 'phi-prod-use1', logRetentionDays: 180 })).toThrow(new Error('stack/audit: logRetentionDays must be at least 365 (got 180): audit events are kept for a year online'));
  });

  it('names every bad prop in one error', () => {
    expect(build({ name: 'Audit', logRetentionDays: 30 })).toThrow(
      new Error(
        "stack/audit: 2 problems:\n  - name must be 3-41 lowercase letters, digits or hyphens, starting with a letter (got 'Audit')\n  - logRetentionDays must be at least 365 (got 30): audit events are kept for a year online",
      ),
    );
  });
});
