import { MAX_REASON_LENGTH, MIN_REASON_LENGTH, OPT_OUT_TAG_PREFIX, OPT_OUTS, optOutOfTag, optOutReasonProblem, optOutsWaiving, optOutTag, reasonProblem } from '../src';

describe('OPT_OUTS', () => {
  it('gives every opt-out one tag key under the prefix, all distinct', () => {
    const keys = Object.values(OPT_OUTS).map((o) => o.tagKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const o of Object.values(OPT_OUTS)) {
      expect(o.tagKey).toBe(`${OPT_OUT_TAG_PREFIX}${o.setting}`);
      expect(o.setting).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(o.tagKey.length).toBeLessThanOrEqual(128);
    }
  });

  it('finds an opt-out by its tag and the opt-outs that waive a rule', () => {
    expect(optOutOfTag('phi-stack:opt-out:viewer-certificate')).toBe(OPT_OUTS.viewerCertificate);
    expect(optOutOfTag('phi-stack:opt-out:default-certificate')).toBeUndefined();
    expect(optOutsWaiving('PHI-CF-3')).toEqual([OPT_OUTS.viewerCertificate]);
    expect(optOutsWaiving('PHI-RDS-2')).toEqual([OPT_OUTS.multiAz]);
    expect(optOutsWaiving('PHI-NOPE-1')).toEqual([]);
  });
});

describe('reasonProblem', () => {
  it.each([
    'single-AZ staging database restored from snapshots nightly',
    'ALB access-log delivery supports only SSE-S3 on the destination bucket',
    'ticket SEC-1234: approved by the privacy officer on 2026-11-02',
    'x'.repeat(MAX_REASON_LENGTH),
    '  padded but long enough  ',
  ])('accepts %s', (reason) => {
    expect(reasonProblem(reason)).toBeUndefined();
  });

  it('refuses a reason shorter than the minimum and says how long it was', () => {
    expect(reasonProblem('n/a')).toBe(
      `state the reason in at least ${MIN_REASON_LENGTH} characters (got "n/a", 3): say why the safeguard does not apply or what compensates for it`,
    );
    expect(reasonProblem('   short   ')).toContain('(got "   short   ", 5)');
  });

  it('refuses a reason longer than an AWS tag value', () => {
    expect(reasonProblem('y'.repeat(MAX_REASON_LENGTH + 1))).toContain(`at most ${MAX_REASON_LENGTH} characters`);
  });

  it('refuses characters AWS tag values do not allow and names them', () => {
    const problem = reasonProblem('cost, for now (staging)');
    expect(problem).toContain('"," "(" ")"');
    expect(reasonProblem("the team's staging box")).toContain(`"'"`);
  });

  it('refuses the prefixes AWS reserves in tag values', () => {
    expect(reasonProblem('aws: managed elsewhere entirely')).toContain('not start with aws: or rds:');
  });

  it('refuses a non-string', () => {
    expect(reasonProblem(undefined)).toBe('be a string stating why (got undefined)');
    expect(reasonProblem(42)).toBe('be a string stating why (got 42)');
  });
});

describe('optOutTag and optOutReasonProblem', () => {
  it('writes the trimmed reason under the tag key', () => {
    expect(optOutTag(OPT_OUTS.multiAz, '  staging only and restored nightly  ')).toEqual({ 'phi-stack:opt-out:multi-az': 'staging only and restored nightly' });
  });

  it('never writes a tag the guard would ignore', () => {
    expect(() => optOutTag(OPT_OUTS.multiAz, 'n/a')).toThrow('the reason of phi-stack:opt-out:multi-az must state the reason in at least 10 characters');
  });

  it('requires the reason only when the safeguard is off, and holds it to the rule', () => {
    expect(optOutReasonProblem(false, 'multiAzDisabledReason', undefined, 'multiAz is false', OPT_OUTS.multiAz)).toBeUndefined();
    expect(optOutReasonProblem(true, 'multiAzDisabledReason', undefined, 'multiAz is false', OPT_OUTS.multiAz)).toBe(
      'multiAzDisabledReason is required when multiAz is false (got none): state why, it is recorded in the tag phi-stack:opt-out:multi-az',
    );
    expect(optOutReasonProblem(true, 'multiAzDisabledReason', 'n/a', 'multiAz is false', OPT_OUTS.multiAz)).toBe(
      'multiAzDisabledReason must state the reason in at least 10 characters (got "n/a", 3): say why the safeguard does not apply or what compensates for it; it is recorded in the tag phi-stack:opt-out:multi-az',
    );
    expect(optOutReasonProblem(true, 'multiAzDisabledReason', 'staging database restored nightly', 'multiAz is false', OPT_OUTS.multiAz)).toBeUndefined();
  });
});
