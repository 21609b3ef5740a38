import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HtmlRenderer, Node, Parser } from 'commonmark';
import {
  code,
  diffJson,
  EXIT_INPUT,
  EXIT_OK,
  EXIT_POLICY,
  main,
  naturalCompare,
  parseDiagnosticsLog,
  parsePlan,
  PlanReview,
  renderMarkdown,
  reviewPlan,
  reviewPlans,
  TerraformPlan,
  text,
  ZWJ,
} from '../src';

// Real `terraform show -json` plans and `terraform plan -json` logs made against a moto server
// (see fixtures/README.md, "Review fixtures"): refresh-only with drift, a plan with JSON policy
// changes, injection attempts, counted and keyed creates, an import, lowered peak capacity and a
// failing check; an errored plan; an errored plan of creates only.
const FIXTURES = path.join(__dirname, 'fixtures');
const planFile = (name: string): string => path.join(FIXTURES, `${name}.plan.json`);
const logFile = (name: string): string => path.join(FIXTURES, `${name}.log.jsonl`);
const raw = (name: string): string => fs.readFileSync(planFile(name), 'utf8');
const load = (name: string): TerraformPlan => parsePlan(raw(name), name);
const logOf = (name: string) => parseDiagnosticsLog(fs.readFileSync(logFile(name), 'utf8'), logFile(name));
const reviewOf = (name: string, withLog = true): PlanReview => reviewPlans([reviewPlan(load(name), name, name, undefined, withLog ? logOf(name) : undefined)]);

/** Values the fixtures carry in clear text (sensitive variables, SSM values edited by hand). */
const SECRETS = ['fake-SecureString-value-v1', 'fake-SecureString-value-ROTATED', 'fake-api-token-ALPHA-v1', 'fake-api-token-BRAVO-v2', 'plain-edited-by-hand'];

function run(args: string[], env: Record<string, string> = {}, files: Record<string, string> = {}): { code: number; stdout: string; stderr: string; written: Record<string, string> } {
  let stdout = '';
  let stderr = '';
  const written: Record<string, string> = {};
  const exit = main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (f) => (f in files ? files[f] : fs.readFileSync(f, 'utf8')),
    writeFile: (f, t) => (written[f] = t),
    env,
  });
  return { code: exit, stdout, stderr, written };
}

/** The terraform summary line Terraform itself logged for the plan (`change_summary`). */
function terraformLine(name: string): string {
  const line = fs
    .readFileSync(logFile(name), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"type":"change_summary"'))
    .map((l) => JSON.parse(l)['@message'] as string)[0];
  if (!line) throw new Error(`no change_summary in ${name}`);
  return line;
}

describe('fixtures', () => {
  it('carry their secrets in clear text, as Terraform writes them (so the masking tests can fail)', () => {
    const all = ['refresh-only', 'review', 'errored'].map(raw).join('');
    for (const secret of SECRETS) expect(all).toContain(secret);
  });

  it.each(['refresh-only', 'review', 'errored', 'errored-create'])('%s: never prints a secret, in Markdown, JSON or the full review', (name) => {
    for (const format of ['markdown', 'json']) {
      const { stdout, written } = run([planFile(name), '--diagnostics', logFile(name), '--format', format, '--max-chars', '2000', '--full-review', 'full.json']);
      for (const out of [stdout, written['full.json']]) for (const secret of SECRETS) expect(out).not.toContain(secret);
    }
  });
});

describe('1. drift: "Changed outside Terraform", always', () => {
  it('a refresh-only plan with drift and no resource changes lists every drifted resource, not "No changes."', () => {
    const plan = load('refresh-only');
    expect(plan.resource_changes).toBeUndefined();
    expect(plan.resource_drift).toHaveLength(10);
    const stack = reviewOf('refresh-only').stacks[0];
    expect(stack.drift.map((d) => d.address)).toEqual([
      'aws_autoscaling_group.web',
      'aws_iam_role.app',
      'aws_launch_template.app',
      'aws_s3_bucket.logs',
      'aws_secretsmanager_secret.api',
      'aws_ssm_parameter.flag',
      'aws_ssm_parameter.plain',
      'aws_ssm_parameter.secure',
      'aws_subnet.app',
      'aws_vpc.main',
    ]);
    const md = renderMarkdown(reviewOf('refresh-only'));
    expect(md).not.toContain('No changes.');
    expect(md).toContain('No changes are planned, but 10 resources changed outside Terraform since the last apply');
    expect(md).toContain('#### Changed outside Terraform (10)');
    expect(md).toContain('| Stateful at risk | Changed outside Terraform |');
  });

  it('shows each drifted resource with its changed attributes, masked like everything else', () => {
    const drift = reviewOf('refresh-only').stacks[0].drift;
    const bucket = drift.find((d) => d.address === 'aws_s3_bucket.logs')!;
    expect(bucket.changes.find((c) => c.path === 'tags.Owner')).toMatchObject({ before: '"platform"', after: '"someone-else"' });
    const secure = drift.find((d) => d.address === 'aws_ssm_parameter.secure')!;
    expect(secure.changes.find((c) => c.path === 'value')).toEqual({ path: 'value', sensitive: true, forcesReplacement: false });
    expect(secure.changes.find((c) => c.path === 'version')).toMatchObject({ before: '1', after: '2' });
    const md = renderMarkdown(reviewOf('refresh-only'));
    expect(md).toContain('<details><summary><b>update</b> <code>aws_s3_bucket.logs</code> (changed outside Terraform) · 4 changed</summary>');
    expect(md).toContain('- `tags.Owner`: `"platform"` → `"someone-else"`');
    expect(md).toMatch(/<code>aws_ssm_parameter\.secure<\/code>[^\n]*\n\n- `tags`: `null` → `\{\}`\n- `value`: \(sensitive\)\n- `version`: `1` → `2`/);
  });

  it('reports drift the planned changes do not depend on too, and marks the drift they do', () => {
    const plan = load('review');
    const relevant = new Set((plan.relevant_attributes ?? []).map((r) => r.resource));
    expect(plan.resource_drift!.filter((d) => relevant.has(d.address))).toHaveLength(4); // all the old count showed
    const stack = reviewOf('review').stacks[0];
    expect(stack.driftCount).toBe(10);
    expect(stack.drift.find((d) => d.address === 'aws_iam_role.app')).toMatchObject({ affectsPlan: false });
    expect(stack.drift.find((d) => d.address === 'aws_autoscaling_group.web')).toMatchObject({ affectsPlan: true });
    const md = renderMarkdown(reviewOf('review'));
    expect(md).toContain('10 resources changed outside Terraform since the last apply (4 of them affect this plan)');
    expect(md).toContain('<code>aws_autoscaling_group.web</code> (changed outside Terraform; the plan depends on it)');
  });
});

describe('2. JSON-valued attributes are diffed structurally', () => {
  it('a principal changed inside a trust policy prints as that key, not as two equal 80-character prefixes', () => {
    const change = reviewOf('review').stacks[0].resources.find((r) => r.address === 'aws_iam_role.app')!.changes.find((c) => c.path === 'assume_role_policy')!;
    expect(change.before).not.toBe(change.after);
    expect(change.json).toEqual([
      { path: 'Statement[0].Condition', change: 'added', after: '{"StringEquals":{"sts:ExternalId":"review"}}' },
      { path: 'Statement[0].Principal.AWS', change: 'changed', before: '"arn:aws:iam::210987654321:role/platform-deployer"', after: '"arn:aws:iam::123456789012:role/platform-deployer-v2"' },
    ]);
    const md = renderMarkdown(reviewOf('review'));
    expect(md).toContain(
      [
        '- `assume_role_policy` (JSON document, 2 changes):',
        '  - `Statement[0].Condition`: added `{"StringEquals":{"sts:ExternalId":"review"}}`',
        '  - `Statement[0].Principal.AWS`: `"arn:aws:iam::210987654321:role/platform-deployer"` → `"arn:aws:iam::123456789012:role/platform-deployer-v2"`',
      ].join('\n'),
    );
  });

  it('shows the drift of a trust policy edited by hand the same way, where the old 80-character cut printed both sides alike', () => {
    const rc = load('refresh-only').resource_drift!.find((r) => r.address === 'aws_iam_role.app')!;
    const [before, after] = [(rc.change.before as Record<string, string>).assume_role_policy, (rc.change.after as Record<string, string>).assume_role_policy];
    // what the old renderer printed: the first 79 characters of each, the same on both sides
    expect(JSON.stringify(before).slice(0, 79)).toBe(JSON.stringify(after).slice(0, 79));
    expect(before).not.toBe(after);
    const change = reviewOf('refresh-only').stacks[0].drift.find((d) => d.address === 'aws_iam_role.app')!.changes.find((c) => c.path === 'assume_role_policy')!;
    expect(change.json).toEqual([{ path: 'Statement[0].Principal.AWS', change: 'changed', before: '"arn:aws:iam::123456789012:role/platform-deployer"', after: '"arn:aws:iam::210987654321:role/platform-deployer"' }]);
    // and the whole strings, cut, still differ: cut around their first difference
    expect(change.before).not.toBe(change.after);
    expect(renderMarkdown(reviewOf('refresh-only'))).toContain('  - `Statement[0].Principal.AWS`: `"arn:aws:iam::123456789012:role/platform-deployer"` → `"arn:aws:iam::210987654321:role/platform-deployer"`');
  });

  it('pretty-prints a long added statement, masks secrets inside documents, and says when only the writing differs', () => {
    const plan = JSON.parse(raw('review'));
    const role = plan.resource_changes.find((r: { address: string }) => r.address === 'aws_iam_role.app');
    const doc = JSON.parse(role.change.after.assume_role_policy);
    doc.Statement.push({ Sid: 'ReadTheKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: 'arn:aws:kms:us-east-1:123456789012:key/00000000-1111-2222-3333-444444444444', Condition: { StringEquals: { 'aws:PrincipalTag/token': 'fake-api-token-BRAVO-v2' } } });
    role.change.after.assume_role_policy = JSON.stringify(doc);
    const bucket = plan.resource_changes.find((r: { address: string }) => r.address === 'aws_s3_bucket.logs');
    bucket.change.before.policy = '{"Version":"2012-10-17","Statement":[]}';
    bucket.change.after.policy = '{ "Statement": [], "Version": "2012-10-17" }';
    const { stdout } = run(['p.json'], {}, { 'p.json': JSON.stringify(plan) });
    expect(stdout).toContain('  - `Statement[1]`: added\n    ```json\n    {\n      "Sid": "ReadTheKey",\n      "Effect": "Allow",\n      "Action": [\n        "kms:Decrypt",');
    expect(stdout).toContain('      }\n    }\n    ```\n');
    expect(stdout).toContain('"aws:PrincipalTag/token": "(sensitive)"');
    expect(stdout).not.toContain('fake-api-token-BRAVO-v2');
    expect(stdout).toContain('- `policy`: the same JSON document, written differently (key order or spacing)');
  });

  it('diffs arrays by their unchanged ends, so an inserted element is one addition', () => {
    const render = (v: unknown): string => JSON.stringify(v);
    expect(diffJson({ S: [{ a: 1 }, { b: 2 }] }, { S: [{ n: 0 }, { a: 1 }, { b: 2 }] }, render)).toEqual([{ path: 'S[0]', change: 'added', after: '{"n":0}' }]);
    expect(diffJson([1, 2, 3], [1, 3], render)).toEqual([{ path: '[1]', change: 'removed', before: '2' }]);
    expect(diffJson({ a: { 'sts:ExternalId': 'x' } }, { a: { 'sts:ExternalId': 'y' } }, render)).toEqual([{ path: 'a["sts:ExternalId"]', change: 'changed', before: '"x"', after: '"y"' }]);
  });
});

/** Every node of a CommonMark document. */
function nodes(doc: Node): Node[] {
  const out: Node[] = [];
  const walker = doc.walker();
  for (let event = walker.next(); event; event = walker.next()) if (event.entering) out.push(event.node);
  return out;
}

/** The tags our renderer writes itself; any other element in the Markdown was injected. */
const OUR_TAGS = new Set(['details', 'summary', 'code', 'b', 'sub', 'p']);

describe('3. every value is escaped', () => {
  const md = run([planFile('review'), planFile('refresh-only'), planFile('errored'), '--diagnostics', logFile('review'), '--diagnostics', logFile('refresh-only'), '--diagnostics', logFile('errored'), '--commit', '0123456789abcdef0123456789abcdef01234567', '--run-url', 'https://github.com/acme/phi-stack/actions/runs/42']).stdout;
  const doc = new Parser().parse(md);
  const all = nodes(doc);
  const rendered = new HtmlRenderer().render(doc);

  it('the fixtures hold the attacks: backticks, a raw <img>, HTML, mentions and a link, in tags, keys, checks and diagnostics', () => {
    // Terraform writes < and > as \u003c and \u003e: compare the decoded values
    const decoded = (t: string): string => JSON.stringify(JSON.parse(t));
    const log = fs.readFileSync(logFile('errored'), 'utf8').split('\n').filter(Boolean).map(decoded).join('\n');
    const inputs = decoded(raw('review')) + decoded(raw('refresh-only')) + log;
    for (const attack of ['``` <img src=x onerror=alert(1)> `x`', '@octocat', '[link](https://example.invalid)', '<!-- c -->', '<b>see runbook</b>', 'k[\\"<img src=x onerror=alert(1)>\\"]', '@platform-team']) expect(inputs).toContain(attack);
  });

  it('renders no element, image, link or comment that the renderer did not write itself', () => {
    const html = all.filter((n) => n.type === 'html_inline' || n.type === 'html_block').map((n) => n.literal ?? '');
    const tags = html.flatMap((h) => [...h.matchAll(/<\/?([A-Za-z][\w-]*)|<!--/g)].map((m) => m[1] ?? '<!--'));
    expect(tags.filter((t) => !OUR_TAGS.has(t.toLowerCase()))).toEqual([]);
    expect(all.filter((n) => n.type === 'image')).toEqual([]);
    expect(all.filter((n) => n.type === 'link').map((n) => n.destination)).toEqual([
      'https://github.com/acme/phi-stack/commit/0123456789abcdef0123456789abcdef01234567',
      'https://github.com/acme/phi-stack/actions/runs/42',
    ]);
    expect(rendered).not.toMatch(/<img|<!--|<b>see|onerror=alert\(1\)>/);
  });

  it('keeps each value inside its code span, whatever backticks it holds', () => {
    const spans = all.filter((n) => n.type === 'code').map((n) => n.literal);
    expect(spans).toContain('"ping @octocat ``` <img src=x onerror=alert(1)> `x`"');
    expect(spans).toContain('"ping @octocat ``` <img src=x onerror=alert(1)> `x` [link](https://example.inv…');
    expect(rendered).toContain('<code>aws_ssm_parameter.k[&quot;&lt;img src=x onerror=alert(1)&gt;&quot;]</code>');
  });

  it('leaves no live @mention outside code: a zero-width joiner follows every @', () => {
    const texts = all.filter((n) => n.type === 'text' || n.type === 'html_inline' || n.type === 'html_block').map((n) => n.literal ?? '');
    expect(texts.join('\n')).not.toMatch(/@[A-Za-z0-9]/);
    expect(texts.join('\n')).toContain(`ask @${ZWJ}platform-team`);
    expect(rendered).toContain(`(ask @${ZWJ}platform-team): &lt;b&gt;see runbook&lt;/b&gt;.`);
  });

  it('code() fences with one backtick more than the longest run inside, padded so CommonMark keeps the text', () => {
    for (const value of ['a`b', '``x``', '`', ' lead and trail ', 'plain', '` ` `', '````']) {
      const span = nodes(new Parser().parse(code(value))).find((n) => n.type === 'code');
      expect(span?.literal).toBe(value);
    }
    expect(code('a``b')).toBe('``` a``b ```');
    expect(code('plain')).toBe('`plain`');
  });

  it('text() renders as the same characters, never as markup', () => {
    for (const value of ['<img src=x onerror=alert(1)>', '**bold** _em_ [l](https://x.invalid) ![i](https://x.invalid/p.png)', '# heading', '- item', '1. item', 'a | b', '&lt; &amp;', 'min_size 6 → 3', '\\`x\\`']) {
      const all = nodes(new Parser().parse(text(value)));
      expect([...new Set(all.map((n) => n.type))]).toEqual(['document', 'paragraph', 'text']);
      expect(all.map((n) => n.literal ?? '').join('')).toBe(value);
    }
    expect(text('@octocat')).toBe(`@${ZWJ}octocat`);
  });
});

describe('4. errors, warnings and failing checks', () => {
  it('an errored plan shows the error text from the terraform plan -json log', () => {
    const md = renderMarkdown(reviewOf('errored'));
    expect(md).toContain('> **Planning failed for `errored`: the plan is incomplete and cannot be applied.** Terraform stopped on 2 errors:');
    expect(md).toContain("> - `errored`: **Error:** reading IAM Role (review-missing-role): couldn't find resource (`data.aws_iam_role.missing`, `errored.tf:3`)");
    expect(md).toContain(`> - \`errored\`: **Error:** Resource precondition failed (\`errored.tf:19\`): Refusing to plan: the logs bucket owner is not platform (ask @${ZWJ}platform-team).`);
    expect(md).toContain('**Planning failed:** what follows is the part Terraform planned before it stopped.');
    expect(md).toContain('<details><summary>Errors and warnings (3, from <code>');
  });

  it('says where the error text is when the log is not given', () => {
    const md = renderMarkdown(reviewOf('errored-create', false));
    expect(md).toContain('> - `errored-create`: the plan JSON carries no error text: pass the `terraform plan -json` log with `--diagnostics` to show it.');
  });

  it.each(['destroy', 'replace', 'stateful', 'capacity'])('--fail-on %s fails an errored plan that breaks no other gate', (gate) => {
    const plan = load('errored-create');
    expect(plan.errored).toBe(true);
    expect((plan.resource_changes ?? []).every((r) => r.change.actions.join() === 'create')).toBe(true);
    const withLog = run([planFile('errored-create'), '--diagnostics', logFile('errored-create'), '--fail-on', gate]);
    expect(withLog.code).toBe(EXIT_POLICY);
    expect(withLog.stderr).toBe(`plan-review: --fail-on ${gate}: errored-create.plan: planning failed, the plan is incomplete: reading IAM Role (review-missing-role): couldn't find resource\n`);
    const without = run([planFile('errored-create'), '--fail-on', gate]);
    expect(without.code).toBe(EXIT_POLICY);
    expect(without.stderr).toContain('the plan JSON has no error text (pass the `terraform plan -json` log with --diagnostics)');
    expect(run([planFile('errored-create')]).code).toBe(EXIT_OK); // no gate asked for: the review is all
  });

  it('shows failing check blocks and conditions with their messages instead of dropping them', () => {
    expect(reviewOf('refresh-only').stacks[0].checks).toEqual([
      { address: 'check.logs_owner', kind: 'check', status: 'fail', problems: ['The logs bucket must be owned by platform (ask @platform-team): <b>see runbook</b>.'] },
    ]);
    expect(reviewOf('errored').stacks[0].checks.map((c) => [c.address, c.kind, c.status])).toEqual([
      ['aws_ssm_parameter.guarded', 'resource', 'fail'],
      ['check.logs_owner', 'check', 'fail'],
    ]);
    const md = renderMarkdown(reviewOf('review'));
    expect(md).toContain('> **1 failing check.** A failing `check` block does not stop an apply: read why before approving.');
    expect(md).toContain(`> - \`review\`: check \`check.logs_owner\` **fail**: The logs bucket must be owned by platform (ask @${ZWJ}platform-team): &lt;b&gt;see runbook&lt;/b&gt;.`);
    // the same assertion is a warning in the log: shown once in the summary, in full in the stack's details
    expect(md.match(/Check block assertion failed/g)).toHaveLength(1);
    expect(md).toContain('- **Warning:** Check block assertion failed (`phase.tf:83`)\n\n  ```text\n  The logs bucket must be owned by platform (ask @platform-team): <b>see runbook</b>.\n  ```');
  });

  it('reads only Terraform UI messages, and refuses a file without any', () => {
    expect(logOf('errored').diagnostics.map((d) => [d.severity, d.summary])).toEqual([
      ['warning', 'Check block assertion failed'],
      ['error', "reading IAM Role (review-missing-role): couldn't find resource"],
      ['error', 'Resource precondition failed'],
    ]);
    const human = run([planFile('review'), '--diagnostics', 'plan.log'], {}, { 'plan.log': 'Terraform used the selected providers...\nError: reading IAM Role\n' });
    expect(human.code).toBe(EXIT_INPUT);
    expect(human.stderr).toBe('plan-review: --diagnostics plan.log: no line is a Terraform UI message (with "@level" and "type"): expected the log of `terraform plan -json` (one JSON object per line), e.g. `terraform plan -json -out=plan.bin > plan.log.jsonl`\n');
    expect(run([planFile('review'), '--diagnostics', '/nonexistent/plan.log.jsonl']).stderr).toBe('plan-review: --diagnostics /nonexistent/plan.log.jsonl: cannot read: ENOENT\n');
  });

  it('matches logs to plans by directory, and says so when it cannot', () => {
    const both = run(['us/plan.json', 'eu/plan.json', '--diagnostics', 'eu/plan.log.jsonl'], {}, { 'us/plan.json': raw('review'), 'eu/plan.json': raw('errored'), 'eu/plan.log.jsonl': fs.readFileSync(logFile('errored'), 'utf8') });
    expect(both.code).toBe(EXIT_OK);
    expect(both.stdout).toContain('**Planning failed for `eu`');
    const lost = run(['us/plan.json', 'eu/plan.json', '--diagnostics', 'logs/plan.log.jsonl'], {}, { 'us/plan.json': raw('review'), 'eu/plan.json': raw('errored') });
    expect(lost.code).toBe(EXIT_INPUT);
    expect(lost.stderr).toContain('plan-review: --diagnostics logs/plan.log.jsonl: cannot tell which plan it belongs to: put the log in its plan');
  });
});

describe('5. natural order of addresses', () => {
  it('sorts count indexes by value and for_each keys naturally, like Terraform orders [2] before [10]', () => {
    const addresses = reviewOf('review').stacks[0].resources.map((r) => r.address).filter((a) => a.startsWith('aws_ssm_parameter.'));
    expect(addresses).toEqual([
      'aws_ssm_parameter.k["<img src=x onerror=alert(1)>"]',
      'aws_ssm_parameter.k["a2"]',
      'aws_ssm_parameter.k["a10"]',
      'aws_ssm_parameter.k["b"]',
      ...Array.from({ length: 12 }, (_, i) => `aws_ssm_parameter.n[${i}]`),
      'aws_ssm_parameter.plain',
      'aws_ssm_parameter.secure',
    ]);
    // Terraform itself writes the counted instances in this order
    const inPlan = load('review').resource_changes!.map((r) => r.address).filter((a) => a.startsWith('aws_ssm_parameter.n['));
    expect(addresses.filter((a) => a.startsWith('aws_ssm_parameter.n['))).toEqual(inPlan);
  });

  it('naturalCompare is a total order on digit runs, keys and modules', () => {
    const sorted = ['x[10]', 'x[2]', 'module.a[10].b', 'module.a[9].b', 'x["web-10"]', 'x["web-2"]', 'x[02]', 'x', 'x[1]'].sort(naturalCompare);
    expect(sorted).toEqual(['module.a[9].b', 'module.a[10].b', 'x', 'x["web-2"]', 'x["web-10"]', 'x[1]', 'x[02]', 'x[2]', 'x[10]']);
    expect(naturalCompare('a', 'a')).toBe(0);
  });
});

describe('6. the truncation note points at a file that exists', () => {
  it('writes the full masked review next to the plan and names it in the note', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-review-'));
    try {
      const plan = path.join(dir, 'plan.json');
      fs.copyFileSync(planFile('review'), plan);
      let stdout = '';
      const exit = main([plan, '--max-chars', '4000'], { stdout: (t) => (stdout += t), stderr: () => undefined, readFile: (f) => fs.readFileSync(f, 'utf8'), env: {} });
      expect(exit).toBe(EXIT_OK);
      const full = path.join(dir, 'plan.review.json');
      expect(stdout).toContain(`the full masked review (every entry, as JSON) is in \`${full}\`.`);
      const written = JSON.parse(fs.readFileSync(full, 'utf8'));
      expect(written.stacks[0].resources).toHaveLength(25);
      expect(written.stacks[0].drift).toHaveLength(10);
      for (const secret of SECRETS) expect(fs.readFileSync(full, 'utf8')).not.toContain(secret);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the file relative to the checkout in GitHub Actions, with the run, and follows --output and --full-review', () => {
    const env = { GITHUB_WORKSPACE: '/work/repo', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/phi-stack', GITHUB_RUN_ID: '42' };
    const ci = run(['/work/repo/.terraform-work/aws/phi-us-east-1/plan.json', '--max-chars', '4000'], env, { '/work/repo/.terraform-work/aws/phi-us-east-1/plan.json': raw('review') });
    expect(ci.stdout).toContain('is in `.terraform-work/aws/phi-us-east-1/plan.review.json`, written by [the CI run](https://github.com/acme/phi-stack/actions/runs/42).');
    expect(Object.keys(ci.written)).toEqual(['/work/repo/.terraform-work/aws/phi-us-east-1/plan.review.json']);
    const out = run([planFile('review'), '--max-chars', '4000', '--output', 'out/plan.md']);
    expect(Object.keys(out.written).sort()).toEqual(['out/plan.md', 'out/plan.review.json']);
    expect(out.stdout).toBe('');
    expect(out.written['out/plan.md']).toContain(`is in \`${path.resolve('out/plan.review.json')}\``);
    const named = run([planFile('review'), '--full-review', 'full.json']);
    expect(named.stdout).not.toContain('Details cut');
    expect(JSON.parse(named.written['full.json']).version).toBe(1); // written when asked for, cut or not
    expect(Object.keys(run([planFile('review')]).written)).toEqual([]); // not cut, not asked: nothing written
  });
});

describe('7. stateful: secret versions and SecureString parameters; peak capacity', () => {
  it('a replaced secret version and a deleted SecureString parameter are at risk; a deleted String parameter is not', () => {
    const stack = reviewOf('review').stacks[0];
    expect(stack.resources.filter((r) => r.kind === 'delete' || r.kind === 'replace').map((r) => [r.address, r.statefulRisk !== undefined])).toEqual([
      ['aws_autoscaling_schedule.holiday_start', false],
      ['aws_secretsmanager_secret_version.api', true],
      ['aws_ssm_parameter.plain', false],
      ['aws_ssm_parameter.secure', true],
    ]);
    expect(run([planFile('review'), '--fail-on', 'stateful']).stderr).toContain('--fail-on stateful: 2 stateful resource(s) deleted or replaced');
  });

  it('counts lowered and deleted scheduled actions with the group', () => {
    const decreases = reviewOf('review').stacks[0].capacityDecreases;
    expect(decreases.map((d) => [d.address, d.resource, d.kind, d.attributes.map((a) => `${a.name} ${a.before}->${a.after}`)])).toEqual([
      ['aws_autoscaling_group.web', 'group', 'update', ['max_size 8->6']],
      ['aws_autoscaling_schedule.holiday_start', 'schedule', 'delete', []],
      ['aws_autoscaling_schedule.peak_start', 'schedule', 'update', ['min_size 6->4', 'desired_capacity 6->4']],
    ]);
    const md = renderMarkdown(reviewOf('review'));
    expect(md).toContain('> **3 live Auto Scaling groups or scheduled actions lose capacity.**');
    expect(md).toContain('> - `review`: `aws_autoscaling_schedule.peak_start` lowers the scheduled action peak-start (0 6 \\* \\* 6): min_size 6 → 4, desired_capacity 6 → 4');
    expect(md).toContain('> - `review`: `aws_autoscaling_schedule.holiday_start` deletes the scheduled action holiday-start (0 5 24 12 \\*), which sets min_size 8: its window no longer gets that capacity');
    const { code: exit, stderr } = run([planFile('review'), '--fail-on', 'capacity']);
    expect(exit).toBe(EXIT_POLICY);
    expect(stderr).toContain('--fail-on capacity: 3 live Auto Scaling group(s) or scheduled action(s) lose capacity (review.plan: aws_autoscaling_group.web max_size 8 → 6;');
  });
});

describe('8. parity with tfcmt and Atlantis', () => {
  it.each([
    ['review', 'Plan: 1 to import, 17 to add, 4 to change, 4 to destroy.'],
    ['refresh-only', 'Plan: 0 to add, 0 to change, 0 to destroy.'],
    ['errored', 'Plan: 1 to import, 17 to add, 4 to change, 4 to destroy.'],
    ['errored-create', 'Plan: 5 to add, 0 to change, 0 to destroy.'],
  ])("%s: prints Terraform's own line, as Terraform logged it", (name, line) => {
    expect(terraformLine(name)).toBe(line);
    const review = reviewOf(name);
    expect(review.stacks[0].planSummary.line).toBe(line);
    expect(renderMarkdown(review)).toContain(`\n${line}\n`);
  });

  it('counts a replacement as an add and a destroy in the mixed plan, and imports first', () => {
    const stack = reviewPlan(parsePlan(fs.readFileSync(path.join(FIXTURES, 'mixed.plan.json'), 'utf8'), 'mixed'), 'mixed');
    expect(stack.planSummary).toEqual({ import: 1, add: 4, change: 3, destroy: 6, forget: 0, line: 'Plan: 1 to import, 4 to add, 3 to change, 6 to destroy.' });
  });

  it('puts each resource in a collapsible block with its changed attributes, masked', () => {
    const md = renderMarkdown(reviewOf('review'));
    expect(md).toContain(
      '<details><summary><b>replace</b> <code>aws_secretsmanager_secret_version.api</code> (replace_because_cannot_update; destroy before create; ⚠️ stateful) · 2 changed</summary>\n\n- `secret_binary`: (sensitive)\n- `secret_string`: (sensitive) **(forces replacement)**\n- known after apply: `arn`, `has_secret_string_wo`, `id`, `version_id`, `version_stages`\n\n</details>',
    );
    expect(md).toContain('<details><summary><b>create</b> <code>aws_ssm_parameter.n[10]</code> · 3 set</summary>\n\n- `name`: `"/review/n/10"`\n- `type`: `"String"`\n- `value`: (sensitive)');
    expect(md).toContain('<p><b>delete</b> <code>aws_ssm_parameter.secure</code> (delete_because_no_resource_config; ⚠️ stateful)</p>');
    expect(md).toContain('<p><b>no-op</b> <code>aws_s3_bucket.imported</code> (import of <code>review-fixture-imported</code>)</p>');
  });

  it('heads the review with the commit and the CI run, from GitHub Actions or the flags', () => {
    const env = { GITHUB_SHA: 'ABCDEF0123456789abcdef0123456789abcdef01', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/phi-stack', GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '2' };
    expect(run([planFile('review')], env).stdout).toContain(
      '## Terraform plan review\n\n<sub>Commit [`abcdef012345`](https://github.com/acme/phi-stack/commit/abcdef0123456789abcdef0123456789abcdef01) · [CI run 4242](https://github.com/acme/phi-stack/actions/runs/4242/attempts/2)</sub>\n',
    );
    const flags = run([planFile('review'), '--commit', '1234567', '--run-url', 'https://ci.example.invalid/run/7', '--format', 'json'], env);
    expect(JSON.parse(flags.stdout)).toMatchObject({ commit: '1234567', runUrl: 'https://ci.example.invalid/run/7' });
    expect(run([planFile('review')]).stdout).not.toContain('<sub>Commit');
    expect(run([planFile('review'), '--commit', 'main']).stderr).toContain("plan-review: --commit must be a hexadecimal commit SHA of 7 to 64 characters (got 'main')");
    expect(run([planFile('review'), '--run-url', 'javascript:alert(1)']).stderr).toContain("plan-review: --run-url must be an http(s) URL like https://github.com/owner/repo/actions/runs/123 (got 'javascript:alert(1)')");
    expect(run([planFile('review')], { GITHUB_SHA: 'not a sha' }).code).toBe(EXIT_INPUT);
  });

  it.each([
    ['review', ['destroy']],
    ['refresh-only', ['no-changes']],
    ['errored', ['destroy', 'plan-error']],
    ['errored-create', ['add-or-update', 'plan-error']],
  ])('%s: labels %j, in --labels-out and in the JSON', (name, labels) => {
    const { written, stdout } = run([planFile(name), '--labels-out', 'labels.txt', '--format', 'json']);
    expect(written['labels.txt']).toBe(labels.map((l) => `${l}\n`).join(''));
    const json = JSON.parse(stdout);
    expect(json.labels).toEqual(labels);
    expect(json.stacks[0].labels).toEqual(labels);
  });

  it('labels several stacks by the most severe, and an unchanged plan no-changes', () => {
    const create = path.join(FIXTURES, 'create.plan.json');
    const noop = path.join(FIXTURES, 'noop.plan.json');
    expect(run([noop, '--labels-out', 'l']).written.l).toBe('no-changes\n');
    expect(run([noop, create, '--labels-out', 'l']).written.l).toBe('add-or-update\n');
    expect(run([noop, create, planFile('review'), '--labels-out', 'l']).written.l).toBe('destroy\n');
  });
});
