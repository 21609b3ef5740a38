import { TerraformLocal, TerraformVariable } from 'cdktf';
import { evaluateExpression, expressionResolver, PhiGuard, UNKNOWN } from '../src';
import { db, paramGroup, res, stackWith, withAttrs } from './fixtures';

const LOCALS = { protocol: 'HTTPS', off: '${false}', nested: { port: 443 }, loop: '${local.loop}', bucket: '${aws_s3_bucket.b.id}' };

describe('evaluate: expressions as Terraform computes them', () => {
  it.each<[string, unknown]>([
    ['${false}', false],
    ['${true}', true],
    ['${"HTTPS"}', 'HTTPS'],
    ['${3306}', 3306],
    ['${-1}', -1],
    ['HT${"TPS"}', 'HTTPS'],
    ['${"HT"}${"TPS"}', 'HTTPS'],
    ['${"${"a"}b"}', 'ab'],
    ['${"a\\"b"}', 'a"b'],
    ['${local.protocol}', 'HTTPS'],
    ['${local.off}', false],
    ['${local.nested.port}', 443],
    ['${!true}', false],
    ['${1 + 2 * 3}', 7],
    ['${true ? "required" : "optional"}', 'required'],
    ['${false || local.off}', false],
    ['${tobool("false")}', false],
    ['${lower("HTTPS")}', 'https'],
    ['${join("", ["HT", "TPS"])}', 'HTTPS'],
    ['${format("%s-%d", "a", 3)}', 'a-3'],
    ['${jsonencode({b = 1, a = "x"})}', '{"a":"x","b":1}'],
    ['${try(local.nested.missing, "default")}', 'default'],
    ['${["a", "b"][1]}', 'b'],
    ['${{enabled = true}.enabled}', true],
    ['$${aws:username}', '${aws:username}'],
  ])('%s is %j', (input, expected) => {
    expect(evaluateExpression(input, { locals: LOCALS })).toEqual(expected);
  });

  it.each([
    '${var.encrypted}',
    '${aws_kms_key.k.arn}',
    'arn:${data.aws_partition.p.partition}:iam::aws:policy/AdministratorAccess',
    '${var.x == "y" ? true : false}',
    '${local.bucket}',
    '${local.loop}',
    '${local.undefined}',
    '${count.index}',
    '${[for x in [1] : x]}',
    '%{ if true }x%{ endif }',
    '${unsupported_function(1)}',
  ])('%s stays unknown', (input) => {
    expect(evaluateExpression(input, { locals: LOCALS })).toBe(UNKNOWN);
  });

  it('leaves unknown values and escapes as synthesized when resolving a configuration', () => {
    const resolve = expressionResolver({ locals: LOCALS });
    expect(resolve({ a: '${false}', b: '${aws_kms_key.k.arn}', c: ['${local.protocol}', 'x'], d: { e: '$${aws:username}' } })).toEqual({
      a: false,
      b: '${aws_kms_key.k.arn}',
      c: ['HTTPS', 'x'],
      d: { e: '$${aws:username}' },
    });
  });
});

describe('the rules read evaluated values', () => {
  it('judges storage_encrypted = "${false}" as false and a local literal as its value', () => {
    const { stack } = stackWith([paramGroup, withAttrs(db, { storage_encrypted: '${false}', multi_az: '${local.single}' })]);
    new TerraformLocal(stack, 'single', false);
    const findings = PhiGuard.check(stack).map((f) => `${f.ruleId} ${f.message}`);
    expect(findings).toEqual(expect.arrayContaining(['PHI-RDS-1 storage_encrypted is false', 'PHI-RDS-2 multi_az is not enabled on the primary']));
  });

  it('accepts an expression whose value is the compliant literal', () => {
    const { stack } = stackWith([paramGroup, withAttrs(db, { storage_encrypted: '${true}', multi_az: '${1 == 1}', backup_retention_period: '${7 * 5}' })]);
    expect(PhiGuard.check(stack)).toEqual([]);
  });

  it('counts a value known only at apply as non-compliant, naming it', () => {
    const { stack } = stackWith([paramGroup, withAttrs(db, { deletion_protection: '${var.protect}' })]);
    new TerraformVariable(stack, 'protect', { type: 'bool', default: true });
    expect(PhiGuard.check(stack).map((f) => `${f.ruleId} ${f.message}`)).toEqual(['PHI-RDS-3 deletion_protection is not enabled (got "${var.protect}", unknown until apply)']);
  });

  it('reads a listener protocol written as an expression', () => {
    const listener = (protocol: string) =>
      res('aws_lb_listener', 'l', { load_balancer_arn: '${aws_lb.alb.arn}', port: 80, protocol, default_action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.tg.arn}' }] });
    const rules = (protocol: string): string[] =>
      PhiGuard.check(stackWith([listener(protocol)]).stack)
        .filter((f) => f.ruleId.startsWith('PHI-ALB-'))
        .map((f) => f.ruleId);
    expect(rules('${"HTTP"}')).toEqual(['PHI-ALB-2']);
    expect(rules('${var.protocol}')).toEqual(['PHI-ALB-2', 'PHI-ALB-3']);
  });
});
