import * as path from 'node:path';
import { App, Testing } from 'cdktf';
import { loadRegionConfig, RegionalStack, regionalStackName } from '../src';

const REPO = path.resolve(__dirname, '../../..');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON

/**
 * The addresses of the keys, their aliases and the image key's policy in both regional apps at
 * commit 43e7c6b, with each alias's name (`{r}` is the app's region code). Deployed stacks hold
 * them in their state: each must stay an address of the stack, or be the `from` of a moved block,
 * and an alias must keep its name (a new name replaces the alias). They must never change.
 */
const DEPLOYED: readonly (readonly [address: string, aliasName?: string])[] = [
  ['aws_kms_key.alb-web-acl_log-key_129D1ED1'],
  ['aws_kms_key.audit_key_39D8EA39'],
  ['aws_kms_key.cache_key_57DA9DF8'],
  ['aws_kms_key.cdn-web-acl_log-key_EC557661'],
  ['aws_kms_key.cloudfront-signer-key_EF7CDFE8'],
  ['aws_kms_key.database_key_444EF3EA'],
  ['aws_kms_key.images_key_FEA55D21'],
  ['aws_kms_key.network_kms-key_034BF547'],
  ['aws_kms_key.web_kms-key_80F333A4'],
  ['aws_kms_alias.alb-web-acl_log-key_alias_BD95AC7F', 'alias/phi-stack/phi-prod-{r}-alb/waf-logs'],
  ['aws_kms_alias.cache_key-alias_0A5C9FF6', 'alias/phi-prod-{r}-redis'],
  ['aws_kms_alias.cdn-web-acl_log-key_alias_00992458', 'alias/phi-stack/phi-prod-{r}-cdn/waf-logs'],
  ['aws_kms_alias.cloudfront-signer-key_key-alias_B38D519C', 'alias/phi-prod-{r}-cloudfront-signer'],
  ['aws_kms_alias.database_key-alias_7450F977', 'alias/phi-prod-{r}-rds'],
  ['aws_kms_alias.images_key-alias_263DBE83', 'alias/phi-stack-images-{r}-images'],
  ['aws_kms_alias.network_kms-alias_E4FEFFE1', 'alias/phi-stack/phi-prod-{r}/vpc-flow-logs'],
  ['aws_kms_alias.web_kms-alias_7331E56C', 'alias/phi-stack/phi-prod-{r}/ebs'],
  ['aws_kms_key_policy.images_key-policy_404C7DCD'],
];

describe.each([
  ['us-east-1', 'use1'],
  ['eu-west-1', 'euw1'],
])('the keys of the regional app %s', (app, r) => {
  const config = loadRegionConfig(path.join(REPO, 'apps', app));
  const json = JSON.parse(Testing.synth(new RegionalStack(new App({ skipValidation: true }), regionalStackName(config), { config, target: 'local' }))) as Json;
  const resource = (address: string): Json | undefined => {
    const [type, name] = address.split('.');
    return json.resource[type]?.[name];
  };
  const moved = new Map<string, string>((json.moved ?? []).map((m: Json) => [m.from, m.to]));

  it.each(DEPLOYED.map(([address, name]) => [address, name?.replace('{r}', r)]))('keeps %s (or moves it, with a moved block)', (address, name) => {
    const now = resource(address) ? address : moved.get(address);
    expect(now).toBeDefined();
    expect(now!.split('.')[0]).toBe(address.split('.')[0]);
    expect(resource(now!)).toBeDefined();
    if (name) expect(resource(now!)!.name).toBe(name);
  });

  it('moves only from addresses that are gone, to addresses that exist', () => {
    for (const [from, to] of moved) {
      expect(resource(from)).toBeUndefined();
      expect(resource(to)).toBeDefined();
    }
  });

  it('gives every key an alias under alias/phi-stack/<owner>/<purpose>', () => {
    const aliased = new Set(Object.values<Json>(json.resource.aws_kms_alias).filter((a) => a.name.startsWith('alias/phi-stack/')).map((a) => a.target_key_id));
    for (const key of Object.keys(json.resource.aws_kms_key)) expect([key, aliased.has(`\${aws_kms_key.${key}.key_id}`)]).toEqual([key, true]);
  });
});
