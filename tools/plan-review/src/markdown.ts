import { AttributeChange, ChangeCounts, ChangeKind, KNOWN_AFTER_APPLY, PlanReview, ResourceReview, StackReview } from './review';
import { describeCapacityDecrease } from './capacity';
import { MASK } from './sensitive';
import { WaiverReview, waiversToReview } from './waivers';

/** GitHub rejects issue and pull-request comments longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/**
 * Default size of the Markdown: below GitHub's limit with room for the hidden marker and any
 * heading a workflow puts around it.
 */
export const DEFAULT_MAX_CHARS = 65_000;

export interface MarkdownOptions {
  /**
   * Upper bound on the length of the Markdown. The summary is always kept; details are cut.
   * @default DEFAULT_MAX_CHARS
   */
  readonly maxChars?: number;
  /**
   * Heading of the report.
   * @default 'Terraform plan review'
   */
  readonly title?: string;
}

const KIND_LABEL: Record<ChangeKind | 'import', string> = {
  create: 'Create',
  update: 'Update',
  replace: 'Replace',
  delete: 'Delete',
  import: 'Import',
  read: 'Read',
  'no-op': 'No-op',
  forget: 'Forget',
};

/** Inline code that survives backticks in the text. */
export function code(text: string): string {
  const clean = text.replace(/\r?\n/g, '⏎');
  if (!clean.includes('`')) return `\`${clean}\``;
  return `\`\` ${clean} \`\``;
}

/** A table cell: GitHub ends a cell at `|` even inside code spans. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function countsRow(label: string, counts: ChangeCounts, columns: (ChangeKind | 'import')[], atRisk: number): string {
  return `| ${label} | ${columns.map((c) => String(counts[c])).join(' | ')} | ${atRisk > 0 ? `**${atRisk}**` : '0'} |`;
}

function summaryColumns(review: PlanReview): (ChangeKind | 'import')[] {
  const columns: (ChangeKind | 'import')[] = ['create', 'update', 'replace', 'delete', 'import', 'read', 'no-op'];
  // Forget (a `removed` block that keeps the object) is rare: shown only when a plan has one.
  if (review.totals.forget > 0) columns.push('forget');
  return columns;
}

function riskLine(stack: StackReview, r: ResourceReview): string {
  const why = r.kind === 'replace' ? ` (${[r.actionReason, ...r.replacePaths.map(code)].filter(Boolean).join(', ')})` : r.actionReason ? ` (${r.actionReason})` : '';
  return `> - ${code(stack.name)}: **${r.kind}** ${code(r.address)}${why}: loses ${r.statefulRisk}`;
}

/** Warning block, summary line and table: the part that is never cut. */
function renderSummary(review: PlanReview, title: string, riskBudget: number): string[] {
  const lines: string[] = [`## ${title}`, ''];
  const atRisk = review.stacks.flatMap((s) => s.atRisk.map((r) => ({ stack: s, r })));
  const errored = review.stacks.filter((s) => s.errored);
  if (errored.length > 0) {
    lines.push('> [!WARNING]', `> Terraform reported errors while planning ${errored.map((s) => code(s.name)).join(', ')}: the plan is incomplete.`, '');
  }
  const lowered = review.stacks.flatMap((s) => (s.capacityDecreases ?? []).map((d) => ({ stack: s, d })));
  if (lowered.length > 0) {
    lines.push(
      '> [!WARNING]',
      `> **${lowered.length} live Auto Scaling group${lowered.length === 1 ? '' : 's'} lose${lowered.length === 1 ? 's' : ''} capacity.** Applied during a scheduled peak, this drops the group below the peak's minimum: check the schedule, or apply after the window.`,
      '>',
      ...lowered.map(({ stack, d }) => `> - ${code(stack.name)}: ${code(d.address)} ${describeCapacityDecrease(d)}`),
      '',
    );
  }
  if (atRisk.length > 0) {
    lines.push('> [!CAUTION]', `> **${atRisk.length} stateful resource${atRisk.length === 1 ? '' : 's'} will be deleted or replaced.** The data is lost unless it is backed up or moved first.`, '>');
    let used = 0;
    let shown = 0;
    for (const { stack, r } of atRisk) {
      const line = riskLine(stack, r);
      if (used + line.length + 1 > riskBudget) break;
      lines.push(line);
      used += line.length + 1;
      shown++;
    }
    if (shown < atRisk.length) lines.push(`> - …and ${atRisk.length - shown} more (listed under each stack's changes)`);
    lines.push('');
  } else {
    lines.push('No stateful resource (database, cache, bucket, key, log group, trail, secret) is deleted or replaced.', '');
  }
  const columns = summaryColumns(review);
  lines.push(`| Stack | ${columns.map((c) => KIND_LABEL[c]).join(' | ')} | Stateful at risk |`);
  lines.push(`|:--|${columns.map(() => '--:').join('|')}|--:|`);
  for (const stack of review.stacks) lines.push(countsRow(cell(code(stack.name)), stack.counts, columns, stack.atRisk.length));
  if (review.stacks.length > 1) lines.push(countsRow('**Total**', review.totals, columns, atRisk.length));
  lines.push('');
  return lines;
}

function attributeLine(change: AttributeChange): string {
  const flag = change.forcesReplacement ? ' **(forces replacement)**' : '';
  if (change.sensitive && change.before === undefined && change.after === undefined) return `  - ${code(change.path)}: ${MASK}${flag}`;
  return `  - ${code(change.path)}: ${code(change.before ?? 'null')} → ${code(change.after ?? 'null')}${flag}`;
}

/** One list entry per resource: its first line and its changed attributes. */
function resourceEntry(r: ResourceReview): string {
  const tags: string[] = [];
  if (r.importing) tags.push(`import${r.importId !== undefined ? ` of ${code(r.importId)}` : ''}`);
  if (r.previousAddress) tags.push(`moved from ${code(r.previousAddress)}`);
  if (r.actionReason) tags.push(r.actionReason);
  if (r.kind === 'replace') tags.push(r.actions[0] === 'create' ? 'create before destroy' : 'destroy before create');
  if (r.statefulRisk) tags.push('⚠️ stateful');
  const head = `- **${r.kind}** ${code(r.address)}${tags.length > 0 ? ` (${tags.join('; ')})` : ''}`;
  // Computed attributes that only become unknown are noise next to the real edits: one line for all.
  const later = r.changes.filter((c) => c.after === KNOWN_AFTER_APPLY && !c.forcesReplacement);
  const lines = r.changes.filter((c) => !later.includes(c)).map(attributeLine);
  if (later.length > 0) lines.push(`  - known after apply: ${later.map((c) => code(c.path)).join(', ')}`);
  return [head, ...lines].join('\n');
}

/** A collapsible block; entries are rendered lazily, so a cut plan does not pay for what it drops. */
interface Block {
  readonly open: string;
  readonly count: number;
  readonly entry: (index: number) => string;
}

function stackBlocks(stack: StackReview): { head: string; blocks: Block[] } {
  const meta = [stack.terraformVersion ? `Terraform ${stack.terraformVersion}` : undefined, `plan format ${stack.formatVersion}`, `from ${code(stack.source)}`]
    .filter(Boolean)
    .join(' · ');
  const drift = stack.driftCount > 0 ? `\n\n${stack.driftCount} resource(s) changed outside Terraform since the last apply (drift); the plan accounts for it.` : '';
  const none = stack.resources.length === 0 && stack.outputs.length === 0 ? '\n\nNo changes.' : '';
  const head = `### ${code(stack.name)}\n\n<sub>${meta}</sub>${drift}${none}\n`;
  const blocks: Block[] = [];
  const replacements = stack.resources.filter((r) => r.kind === 'replace');
  if (replacements.length > 0) {
    blocks.push({
      open: `<details><summary>Replacements (${replacements.length})</summary>\n\n| Resource | Reason | Forced by |\n|:--|:--|:--|`,
      count: replacements.length,
      entry: (i) => {
        const r = replacements[i];
        return `| ${cell(code(r.address))} | ${cell(r.actionReason ?? '')} | ${cell(r.replacePaths.map(code).join(', ') || '-')} |`;
      },
    });
  }
  if (stack.resources.length > 0) {
    blocks.push({ open: `<details><summary>Resource changes (${stack.resources.length})</summary>\n`, count: stack.resources.length, entry: (i) => resourceEntry(stack.resources[i]) });
  }
  if (stack.outputs.length > 0) {
    blocks.push({
      open: `<details><summary>Output changes (${stack.outputs.length})</summary>\n`,
      count: stack.outputs.length,
      entry: (i) => {
        const o = stack.outputs[i];
        return `- **${o.kind}** ${code(o.name)}: ${o.sensitive ? MASK : `${code(o.before ?? 'null')} → ${code(o.after ?? 'null')}`}`;
      },
    });
  }
  return { head, blocks };
}

// ---------------------------------------------------------------------------------------------
// Waivers (phi-guard opt-out tags and suppressions): a section of its own, kept with the summary.
// ---------------------------------------------------------------------------------------------

function quoted(text: string, max = 160): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return `“${one.length > max ? `${one.slice(0, max - 1)}…` : one}”`;
}

function waiverLine(stack: StackReview, w: WaiverReview): string {
  const what = w.mechanism === 'tag' ? `${code(w.key)} on ${code(w.address ?? '?')}` : `${code(`PhiGuard.suppress(${w.key})`)}`;
  const details = [
    w.rules && w.rules.length > 0 ? `waives ${w.rules.join(', ')}` : w.rules ? 'waives no finding today' : undefined,
    w.refused && w.refused.length > 0 ? `**refused** for ${w.refused.join(', ')} (not waivable in a PHI stack)` : undefined,
    w.requestedBy ? `asked by ${code(w.requestedBy)}` : undefined,
  ].filter(Boolean);
  const was = w.change === 'changed' && w.previousReason !== undefined ? ` (was ${quoted(w.previousReason, 80)})` : '';
  return `- ${code(stack.name)}: **${w.change}** ${what}${details.length ? ` (${details.join('; ')})` : ''}: ${quoted(w.reason)}${was}`;
}

/**
 * The waivers section: every waiver the plan adds or rewrites (and every one the guard refused)
 * listed in full, then the count of the others by kind. Empty when no stack has a waiver, so plans
 * of stacks without phi-guard look as before.
 */
export function renderWaivers(review: PlanReview, budget: number): string[] {
  const all = review.stacks.flatMap((stack) => (stack.waivers ?? []).map((w) => ({ stack, w })));
  if (all.length === 0) return [];
  const lines: string[] = ['### Waivers', ''];
  const toReview = review.stacks.flatMap((stack) => waiversToReview(stack.waivers ?? []).map((w) => ({ stack, w })));
  if (toReview.length > 0) {
    lines.push(
      '> [!IMPORTANT]',
      `> **${toReview.length} waiver${toReview.length === 1 ? '' : 's'} to review.** Each turns a HIPAA safeguard off for one resource; approve only with a reason that holds.`,
      '',
    );
    let used = 0;
    let shown = 0;
    for (const { stack, w } of toReview) {
      const line = waiverLine(stack, w);
      if (used + line.length + 1 > budget) break;
      lines.push(line);
      used += line.length + 1;
      shown++;
    }
    if (shown < toReview.length) lines.push(`- …and ${toReview.length - shown} more (run \`plan-review --format json\` on the plan for all)`);
  } else {
    lines.push('No waiver is added or changed.');
  }
  const others = all.filter(({ w }) => !toReview.some((t) => t.w === w));
  if (others.length > 0) {
    const byKind = new Map<string, number>();
    for (const { w } of others) byKind.set(w.change, (byKind.get(w.change) ?? 0) + 1);
    const kinds = [...byKind].map(([k, n]) => `${n} ${k === 'in-code' ? 'suppression in code' : k}`).join(', ');
    lines.push('', `Also in place: ${kinds} (${others.map(({ w }) => code(w.mechanism === 'tag' ? w.key.slice('phi-stack:opt-out:'.length) : w.key)).filter((v, i, a) => a.indexOf(v) === i).slice(0, 12).join(', ')}).`);
  }
  lines.push('');
  return lines;
}

const CLOSE = '\n\n</details>\n';

/**
 * Renders a review as pull-request Markdown: title, stateful-risk warning and summary table first,
 * then one section per stack with collapsible details. Output never exceeds `maxChars`: when the
 * details do not fit, whole entries are dropped from the end and a note says how many.
 */
export function renderMarkdown(review: PlanReview, options: MarkdownOptions = {}): string {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const title = options.title ?? 'Terraform plan review';
  const summary = [...renderSummary(review, title, Math.floor(maxChars / 3)), ...renderWaivers(review, Math.floor(maxChars / 6))].join('\n');
  // Reserve room for the truncation note so that adding it never breaks the bound.
  const noteReserve = 400;
  let budget = maxChars - summary.length - noteReserve;
  const parts: string[] = [];
  let totalEntries = 0;
  let shownEntries = 0;
  let cut = false;
  for (const stack of review.stacks) {
    const { head, blocks } = stackBlocks(stack);
    totalEntries += blocks.reduce((n, b) => n + b.count, 0);
    if (cut || head.length + 1 > budget) {
      cut = true;
      continue;
    }
    parts.push(head);
    budget -= head.length + 1;
    for (const block of blocks) {
      if (cut || block.open.length + CLOSE.length + 1 > budget) {
        cut = true;
        continue;
      }
      const body: string[] = [];
      let size = block.open.length + CLOSE.length + 1;
      for (let i = 0; i < block.count && !cut; i++) {
        const entry = block.entry(i);
        if (cut || size + entry.length + 1 > budget) {
          cut = true;
          break;
        }
        body.push(entry);
        size += entry.length + 1;
        shownEntries++;
      }
      if (body.length > 0) {
        parts.push(`${block.open}\n${body.join('\n')}${CLOSE}`);
        budget -= size;
      }
    }
  }
  const note = cut
    ? `> [!NOTE]\n> Details cut to stay under GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')}-character comment limit: ${shownEntries} of ${totalEntries} detail entries shown. The summary above is complete; run \`plan-review\` on the plan JSON (the job log has it) for everything.\n\n`
    : '';
  return `${summary}\n${note}${parts.join('\n')}`.replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
