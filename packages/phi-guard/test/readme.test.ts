import * as fs from 'node:fs';
import * as path from 'node:path';
import { HIPAA_RULES, PENDING_RULES, renderRuleTable, replaceRuleTable, ruleFiles } from '../src';

const ALL_RULES = [...HIPAA_RULES, ...PENDING_RULES];

const root = path.resolve(__dirname, '..');

describe('README rule table', () => {
  it('is up to date with the rule files (run npx tsx packages/phi-guard/scripts/gen-readme.ts)', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(replaceRuleTable(readme, renderRuleTable(HIPAA_RULES, ruleFiles(root)))).toBe(readme);
  });

  it('lists every pending rule, with its file, under Pending rules and not in the pack table', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const pending = readme.slice(readme.indexOf('## Pending rules'), readme.indexOf('## Adding a rule'));
    const files = ruleFiles(root);
    if (PENDING_RULES.length === 0) expect(pending).toContain('None is pending');
    else expect(pending).not.toContain('None is pending');
    for (const rule of PENDING_RULES) {
      expect(pending).toContain(`| ${rule.id} | ${rule.level} | [${rule.name}](${files.get(rule.name)}): ${rule.description} |`);
      expect(renderRuleTable(HIPAA_RULES, files)).not.toContain(`| ${rule.id} |`);
    }
  });

  it('refuses a README without markers', () => {
    expect(() => replaceRuleTable('# no table', '')).toThrow('README.md must contain the markers');
  });
});

describe('rule metadata', () => {
  const files = ruleFiles(root);

  it('has one file per rule, named after the rule', () => {
    expect([...files.keys()].sort()).toEqual(ALL_RULES.map((r) => r.name).sort());
  });

  it.each(ALL_RULES.map((r) => [r.id, r]))('%s carries an id, a HIPAA control, a description and anchors', (_id, rule) => {
    expect(rule.id).toMatch(/^PHI-[A-Z0-9]+-\d+$/);
    expect(rule.control).toMatch(/^§164\.3\d\d\(/);
    expect(rule.description.length).toBeGreaterThan(20);
    expect(rule.anchors.cdkNag).toMatch(/^(-|[A-Z][A-Za-z0-9]+)$/);
    expect(rule.anchors.checkov).toMatch(/^(-|CKV2?_AWS_\d+)$/);
  });

  it('has unique ids and at least 30 rules', () => {
    expect(new Set(ALL_RULES.map((r) => r.id)).size).toBe(ALL_RULES.length);
    expect(HIPAA_RULES.length).toBeGreaterThanOrEqual(30);
  });
});
