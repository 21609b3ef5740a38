/**
 * Regenerates the rule table of packages/phi-guard/README.md from the rule files:
 * `npx tsx packages/phi-guard/scripts/gen-readme.ts`. A unit test fails when the README is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HIPAA_RULES } from '../src/rules';
import { renderRuleTable, replaceRuleTable, ruleFiles } from '../src/rule-table';

const root = path.resolve(__dirname, '..');
const readmePath = path.join(root, 'README.md');
const before = fs.readFileSync(readmePath, 'utf8');
const after = replaceRuleTable(before, renderRuleTable(HIPAA_RULES, ruleFiles(root)));
if (after !== before) fs.writeFileSync(readmePath, after);
process.stdout.write(`${after === before ? 'README.md is up to date' : 'README.md updated'}: ${HIPAA_RULES.length} rules\n`);
