import { AttributeChange, ChangeCounts, ChangeKind, KNOWN_AFTER_APPLY, PlanReview, ResourceReview, StackReview, displayPair } from './review';
import { describeCapacityDecrease } from './capacity';
import { JsonChange } from './jsondiff';
import { MASK } from './sensitive';
import { WaiverReview, waiversToReview } from './waivers';

/** GitHub rejects issue and pull-request comments longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** The same, as the note prints it (`toLocaleString` loads ICU data: 20 ms of a one-second budget). */
const GITHUB_COMMENT_LIMIT_TEXT = String(GITHUB_COMMENT_LIMIT).replace(/\B(?=(\d{3})+$)/g, ',');

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
  /**
   * Where the full masked review is (the CLI writes it when the details are cut): the truncation
   * note names it. Without it the note says how to make one.
   */
  readonly fullReviewLocation?: string;
}

/** What `renderReview` rendered, for callers that act on a cut (the CLI writes the full review then). */
export interface RenderedReview {
  readonly markdown: string;
  /** Some detail entries did not fit under `maxChars`. */
  readonly cut: boolean;
  readonly shownEntries: number;
  readonly totalEntries: number;
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

// ---------------------------------------------------------------------------------------------
// Escaping. Every value from a plan, a log or a report reaches the comment through one of these:
// code spans and fenced blocks that nothing inside can close, text with Markdown punctuation
// escaped and HTML special characters as entities, and HTML-escaped text inside our own tags.
// A zero-width joiner after every `@` outside code keeps a value from mentioning anyone.
// ---------------------------------------------------------------------------------------------

/** U+200D ZERO WIDTH JOINER: `@\u200Dname` renders like `@name` but is not a mention. */
export const ZWJ = '\u200D';

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === char) {
      run++;
      if (run > longest) longest = run;
    } else run = 0;
  }
  return longest;
}

/**
 * Inline code that nothing inside can close: the fence is one backtick longer than the longest run
 * of backticks in the text, padded with a space on each side when the text has backticks or starts
 * and ends with a space (CommonMark strips one space from each side of such a span). Newlines
 * become ⏎ (a code span cannot hold one).
 */
export function code(text: string): string {
  const clean = text.replace(/\r\n|\r|\n/g, '⏎');
  const ticks = longestRun(clean, '`');
  const fence = '`'.repeat(ticks + 1);
  const pad = ticks > 0 || clean === '' || (clean.startsWith(' ') && clean.endsWith(' ') && clean.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

const WORD = /^[A-Za-z0-9]$/;

const TEXT_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\\': '\\\\',
  '`': '\\`',
  '*': '\\*',
  '[': '\\[',
  ']': '\\]',
  '|': '\\|',
  '~': '\\~',
  '@': `@${ZWJ}`,
};

/**
 * Plain text for Markdown (one line): HTML special characters as entities, so no tag or comment
 * renders; Markdown punctuation that could start emphasis, a link, an image, code or a table cell
 * escaped with a backslash; `_` escaped where it could open or close emphasis (not inside words
 * like `min_size`); a line-leading `#`, `-`, `+`, `=` or `1.` escaped; `@` followed by a zero-width joiner.
 */
export function text(value: string): string {
  const one = value.replace(/\s*(\r\n|\r|\n)\s*/g, ' ');
  let out = '';
  for (let i = 0; i < one.length; i++) {
    const c = one[i];
    const escaped = TEXT_ESCAPES[c];
    if (escaped !== undefined) out += escaped;
    else if (c === '_' && !(WORD.test(one[i - 1] ?? '') && WORD.test(one[i + 1] ?? ''))) out += '\\_';
    else out += c;
  }
  // What would start a heading, a list item or a setext underline when the text begins a line.
  return out.replace(/^(\s*)([#+-]|=+)(?=\s|$)/, '$1\\$2').replace(/^(\s*\d+)([.)])(?=\s|$)/, '$1\\$2');
}

/** Text inside our own HTML (`<summary>`): entities for `& < > " '`, `@` followed by a zero-width joiner, one line. */
export function html(value: string): string {
  return value
    .replace(/\s*(\r\n|\r|\n)\s*/g, ' ')
    .replace(/[&<>"'@]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : c === "'" ? '&#39;' : '@&#8205;'));
}

/**
 * A fenced code block that nothing inside can close (the fence is longer than any run of
 * backticks in the text), every line indented by `indent` so that it belongs to a list item.
 */
export function fenced(body: string, info: string, indent = ''): string {
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  const lines = body.replace(/\r\n|\r/g, '\n').split('\n');
  return [`${indent}${fence}${info}`, ...lines.map((l) => `${indent}${l}`), `${indent}${fence}`].join('\n');
}

/** A link whose destination cannot end early or smuggle markup: only http(s) URLs, percent-encoded. */
function link(label: string, url: string): string {
  let href: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return text(label);
    href = parsed.href;
  } catch {
    return text(label);
  }
  return `[${label}](${href.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`;
}

/** A table cell: GitHub ends a cell at `|` even inside code spans. */
function cell(value: string): string {
  return value.replace(/(^|[^\\])\|/g, '$1\\|');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

// ---------------------------------------------------------------------------------------------
// The summary: never cut.
// ---------------------------------------------------------------------------------------------

function countsRow(label: string, counts: ChangeCounts, columns: (ChangeKind | 'import')[], atRisk: number, drift?: number): string {
  const tail = drift === undefined ? '' : ` ${drift} |`;
  return `| ${label} | ${columns.map((c) => String(counts[c])).join(' | ')} | ${atRisk > 0 ? `**${atRisk}**` : '0'} |${tail}`;
}

function summaryColumns(review: PlanReview): (ChangeKind | 'import')[] {
  const columns: (ChangeKind | 'import')[] = ['create', 'update', 'replace', 'delete', 'import', 'read', 'no-op'];
  // Forget (a `removed` block that keeps the object) is rare: shown only when a plan has one.
  if (review.totals.forget > 0) columns.push('forget');
  return columns;
}

function riskLine(stack: StackReview, r: ResourceReview): string {
  const why = r.kind === 'replace' ? ` (${[r.actionReason ? text(r.actionReason) : undefined, ...r.replacePaths.map(code)].filter(Boolean).join(', ')})` : r.actionReason ? ` (${text(r.actionReason)})` : '';
  return `> - ${code(stack.name)}: **${r.kind}** ${code(r.address)}${why}: loses ${text(r.statefulRisk ?? '')}`;
}

/** One line of a callout list, for free text that may be long: cut to `max` characters before escaping. */
function oneLine(value: string, max: number): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return text(flat.length > max ? `${flat.slice(0, max - 1)}…` : flat);
}

function where(d: { readonly address?: string; readonly location?: string }): string {
  const parts = [d.address ? code(d.address) : undefined, d.location ? code(d.location) : undefined].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * Adds items to `lines` while they fit in `budget` characters; then one line counts the rest. Items
 * are made on demand (`item(i)` for i < count): a plan with thousands of them pays for what is shown.
 */
function budgeted(lines: string[], items: readonly string[] | { readonly count: number; readonly item: (i: number) => string }, budget: number, more: (n: number) => string): void {
  const count = Array.isArray(items) ? items.length : (items as { count: number }).count;
  const item = Array.isArray(items) ? (i: number) => (items as readonly string[])[i] : (items as { item: (i: number) => string }).item;
  let used = 0;
  let shown = 0;
  for (; shown < count; shown++) {
    const line = item(shown);
    if (used + line.length + 1 > budget) break;
    lines.push(line);
    used += line.length + 1;
  }
  if (shown < count) lines.push(more(count - shown));
}

function errorsCallout(review: PlanReview, budget: number): string[] {
  const failed = review.stacks.filter((s) => s.errored || (s.diagnostics ?? []).some((d) => d.severity === 'error'));
  if (failed.length === 0) return [];
  const errors = failed.flatMap((s) => (s.diagnostics ?? []).filter((d) => d.severity === 'error').map((d) => ({ s, d })));
  const lines = [
    '> [!CAUTION]',
    `> **Planning failed for ${failed.map((s) => code(s.name)).join(', ')}: the plan is incomplete and cannot be applied.**${errors.length > 0 ? ` Terraform stopped on ${plural(errors.length, 'error')}:` : ''}`,
    '>',
  ];
  const items = errors.map(({ s, d }) => `> - ${code(s.name)}: **Error:** ${oneLine(d.summary, 200)}${where(d)}${d.detail ? `: ${oneLine(d.detail, 300)}` : ''}`);
  for (const s of failed) {
    if (!(s.diagnostics ?? []).some((d) => d.severity === 'error')) {
      items.push(
        s.diagnosticsSource !== undefined
          ? `> - ${code(s.name)}: the plan is marked errored, but ${code(s.diagnosticsSource)} holds no error.`
          : `> - ${code(s.name)}: the plan JSON carries no error text: pass the \`terraform plan -json\` log with \`--diagnostics\` to show it.`,
      );
    }
  }
  budgeted(lines, items, budget, (n) => `> - …and ${n} more (under each stack's errors and warnings)`);
  lines.push('');
  return lines;
}

function warningsCallout(review: PlanReview, budget: number): string[] {
  const checks = review.stacks.flatMap((s) => (s.checks ?? []).map((c) => ({ s, c })));
  // A failing `check` block is also a warning in the log: listed once, as the check.
  const warnings = review.stacks.flatMap((s) =>
    (s.diagnostics ?? []).filter((d) => d.severity === 'warning' && !(s.checks ?? []).some((c) => d.detail !== undefined && c.problems.some((p) => p.endsWith(d.detail!)))).map((d) => ({ s, d })),
  );
  if (checks.length === 0 && warnings.length === 0) return [];
  const what = [checks.length > 0 ? plural(checks.length, 'failing check') : undefined, warnings.length > 0 ? plural(warnings.length, 'warning') : undefined].filter(Boolean).join(' and ');
  const lines = ['> [!WARNING]', `> **${what}.**${checks.length > 0 ? ' A failing `check` block does not stop an apply: read why before approving.' : ''}`, '>'];
  const items = [
    ...checks.map(({ s, c }) => `> - ${code(s.name)}: ${c.kind === 'check' ? 'check' : c.kind === 'resource' ? 'condition on' : c.kind} ${code(c.address)} **${c.status}**${c.problems.length > 0 ? `: ${oneLine(c.problems.join(' · '), 300)}` : ''}`),
    ...warnings.map(({ s, d }) => `> - ${code(s.name)}: **Warning:** ${oneLine(d.summary, 200)}${where(d)}${d.detail ? `: ${oneLine(d.detail, 300)}` : ''}`),
  ];
  budgeted(lines, items, budget, (n) => `> - …and ${n} more (under each stack's errors and warnings)`);
  lines.push('');
  return lines;
}

function header(review: PlanReview): string[] {
  const parts: string[] = [];
  if (review.commit) {
    const short = code(review.commit.slice(0, 12));
    const commitUrl = review.runUrl?.match(/^(https?:\/\/[^/]+\/[^/]+\/[^/]+)\/actions\/runs\/\d+/)?.[1];
    parts.push(`Commit ${commitUrl ? link(short, `${commitUrl}/commit/${review.commit}`) : short}`);
  }
  if (review.runUrl) {
    const id = review.runUrl.match(/\/actions\/runs\/(\d+)/)?.[1];
    parts.push(link(id ? `CI run ${id}` : 'CI run', review.runUrl));
  }
  return parts.length > 0 ? [`<sub>${parts.join(' · ')}</sub>`, ''] : [];
}

/**
 * Title, errors, warnings, summary line and table: the part that is never cut. Each list in it has
 * a share of `maxChars` (stateful risks a quarter, errors, capacity and warnings an eighth each; the
 * waivers that follow a sixth), so that together they leave room for the table and the details.
 */
function renderSummary(review: PlanReview, title: string, maxChars: number): string[] {
  const riskBudget = Math.floor(maxChars / 4);
  const listBudget = Math.floor(maxChars / 8);
  const lines: string[] = [`## ${text(title)}`, '', ...header(review)];
  lines.push(...errorsCallout(review, listBudget));
  const atRisk = review.stacks.flatMap((s) => s.atRisk.map((r) => ({ stack: s, r })));
  const lowered = review.stacks.flatMap((s) => (s.capacityDecreases ?? []).map((d) => ({ stack: s, d })));
  if (lowered.length > 0) {
    const schedules = lowered.some(({ d }) => d.resource === 'schedule');
    const n = lowered.length;
    lines.push(
      '> [!WARNING]',
      schedules
        ? `> **${n} live Auto Scaling group${n === 1 ? '' : 's'} or scheduled action${n === 1 ? '' : 's'} lose${n === 1 ? 's' : ''} capacity.** A lowered or deleted scheduled action leaves its peak window below the minimum it was sized for; a group lowered during a scheduled peak drops below the peak's minimum: check the schedule, or apply after the window.`
        : `> **${n} live Auto Scaling group${n === 1 ? '' : 's'} lose${n === 1 ? 's' : ''} capacity.** Applied during a scheduled peak, this drops the group below the peak's minimum: check the schedule, or apply after the window.`,
      '>',
    );
    budgeted(
      lines,
      { count: lowered.length, item: (i) => `> - ${code(lowered[i].stack.name)}: ${code(lowered[i].d.address)} ${text(describeCapacityDecrease(lowered[i].d))}` },
      listBudget,
      (left) => `> - …and ${left} more (in \`--format json\`, under capacityDecreases)`,
    );
    lines.push('');
  }
  if (atRisk.length > 0) {
    lines.push('> [!CAUTION]', `> **${atRisk.length} stateful resource${atRisk.length === 1 ? '' : 's'} will be deleted or replaced.** The data is lost unless it is backed up or moved first.`, '>');
    budgeted(
      lines,
      { count: atRisk.length, item: (i) => riskLine(atRisk[i].stack, atRisk[i].r) },
      riskBudget,
      (n) => `> - …and ${n} more (listed under each stack's changes)`,
    );
    lines.push('');
  } else {
    lines.push('No stateful resource (database, cache, bucket, key, log group, trail, secret) is deleted or replaced.', '');
  }
  lines.push(...warningsCallout(review, listBudget));
  const columns = summaryColumns(review);
  const drift = review.stacks.some((s) => s.driftCount > 0);
  lines.push(`| Stack | ${columns.map((c) => KIND_LABEL[c]).join(' | ')} | Stateful at risk |${drift ? ' Changed outside Terraform |' : ''}`);
  lines.push(`|:--|${columns.map(() => '--:').join('|')}|--:|${drift ? '--:|' : ''}`);
  for (const stack of review.stacks) lines.push(countsRow(cell(code(stack.name)), stack.counts, columns, stack.atRisk.length, drift ? stack.driftCount : undefined));
  if (review.stacks.length > 1) {
    lines.push(countsRow('**Total**', review.totals, columns, atRisk.length, drift ? review.stacks.reduce((n, s) => n + s.driftCount, 0) : undefined));
  }
  lines.push('');
  // Terraform's own line, as `terraform plan` prints it, per stack.
  const planned = review.stacks.filter((s) => s.planSummary);
  if (planned.length === 1 && review.stacks.length === 1) lines.push(planned[0].planSummary.line, '');
  else if (planned.length > 0) lines.push(...planned.map((s) => `- ${code(s.name)}: ${s.planSummary.line}`), '');
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Per-stack details: cut from the end when they do not fit.
// ---------------------------------------------------------------------------------------------

/** Values longer than this inside a JSON document are pretty-printed in a block instead of inline. */
const MAX_INLINE_JSON = 120;
/** Lines of a pretty-printed JSON value; a reviewer needs the shape, the full review has the rest. */
const MAX_BLOCK_LINES = 40;
/** JSON changes listed per attribute. */
const MAX_JSON_CHANGES = 40;

function prettyJson(compact: string): string {
  let body: string;
  try {
    body = JSON.stringify(JSON.parse(compact), null, 2);
  } catch {
    body = compact;
  }
  const lines = body.split('\n');
  return lines.length > MAX_BLOCK_LINES ? [...lines.slice(0, MAX_BLOCK_LINES), `… ${lines.length - MAX_BLOCK_LINES} more lines`].join('\n') : body;
}

/** One value inside a JSON document: inline when short, else pretty-printed in a block under the item. */
function jsonValue(compact: string, indent: string): { inline: string; block?: string } {
  if (compact.length <= MAX_INLINE_JSON) return { inline: code(compact) };
  return { inline: '', block: fenced(prettyJson(compact), 'json', indent) };
}

function jsonChangeLine(c: JsonChange): string {
  const head = `  - ${c.path === '' ? '(the whole document)' : code(c.path)}:`;
  const indent = '    ';
  if (c.change === 'changed' && c.before !== undefined && c.after !== undefined) {
    if (c.before.length <= MAX_INLINE_JSON && c.after.length <= MAX_INLINE_JSON) return `${head} ${code(c.before)} → ${code(c.after)}`;
    if (!c.before.startsWith('{') && !c.before.startsWith('[') && !c.after.startsWith('{') && !c.after.startsWith('[')) {
      const [b, a] = displayPair(c.before, c.after);
      return `${head} ${code(b)} → ${code(a)}`;
    }
    return `${head} changed from\n${fenced(prettyJson(c.before), 'json', indent)}\n${indent}to\n${fenced(prettyJson(c.after), 'json', indent)}`;
  }
  const value = jsonValue((c.change === 'added' ? c.after : c.before) ?? 'null', indent);
  const verb = c.change === 'added' ? 'added' : 'removed';
  return value.block ? `${head} ${verb}\n${value.block}` : `${head} ${verb} ${value.inline}`;
}

function attributeLine(change: AttributeChange, creating: boolean): string {
  const flag = change.forcesReplacement ? ' **(forces replacement)**' : '';
  if (change.sensitive && change.before === undefined && change.after === undefined) return `- ${code(change.path)}: ${MASK}${flag}`;
  if (change.json !== undefined) {
    if (change.json.length === 0) return `- ${code(change.path)}: the same JSON document, written differently (key order or spacing)${flag}`;
    const shown = change.json.slice(0, MAX_JSON_CHANGES).map(jsonChangeLine);
    const more = change.json.length > MAX_JSON_CHANGES ? [`  - …and ${change.json.length - MAX_JSON_CHANGES} more changes in this document (in the full review)`] : [];
    return [`- ${code(change.path)} (JSON document, ${plural(change.json.length, 'change')})${flag}:`, ...shown, ...more].join('\n');
  }
  if (creating) return `- ${code(change.path)}: ${code(change.after ?? 'null')}${flag}`;
  if (change.before === undefined) return `- ${code(change.path)}: added ${code(change.after ?? 'null')}${flag}`;
  return `- ${code(change.path)}: ${code(change.before)} → ${code(change.after ?? 'null')}${flag}`;
}

/** The first line of a resource, as HTML for a `<summary>`. */
function resourceSummary(r: ResourceReview, drift: boolean): string {
  const tags: string[] = [];
  if (drift) {
    tags.push(r.kind === 'delete' ? 'deleted outside Terraform' : 'changed outside Terraform');
    if (r.affectsPlan) tags.push('the plan depends on it');
  }
  if (r.importing) tags.push(`import${r.importId !== undefined ? ` of <code>${html(r.importId)}</code>` : ''}`);
  if (r.previousAddress) tags.push(`moved from <code>${html(r.previousAddress)}</code>`);
  if (r.actionReason) tags.push(html(r.actionReason));
  if (r.kind === 'replace') tags.push(r.actions[0] === 'create' ? 'create before destroy' : 'destroy before create');
  if (r.statefulRisk) tags.push('⚠️ stateful');
  return `<b>${r.kind}</b> <code>${html(r.address)}</code>${tags.length > 0 ? ` (${tags.join('; ')})` : ''}`;
}

/**
 * One resource: a collapsible block with its changed attributes (a plain list item when it has
 * none, e.g. a delete). Ends with a blank line: HTML blocks end at one.
 */
function resourceEntry(r: ResourceReview, drift = false): string {
  // Computed attributes that only become unknown are noise next to the real edits: one line for all.
  const later = r.changes.filter((c) => c.after === KNOWN_AFTER_APPLY && !c.forcesReplacement);
  const body = r.changes.filter((c) => !later.includes(c)).map((c) => attributeLine(c, r.kind === 'create'));
  if (later.length > 0) body.push(`- known after apply: ${later.map((c) => code(c.path)).join(', ')}`);
  const summary = resourceSummary(r, drift);
  if (body.length === 0) return `<p>${summary}</p>\n`;
  const count = r.changes.length - later.length;
  const what = r.kind === 'create' ? 'set' : 'changed';
  return `<details><summary>${summary} · ${count > 0 ? `${count} ${what}` : 'known after apply'}</summary>\n\n${body.join('\n')}\n\n</details>\n`;
}

function diagnosticEntry(d: StackReview['diagnostics'][number]): string {
  const head = `- **${d.severity === 'error' ? 'Error' : 'Warning'}:** ${text(d.summary)}${where(d)}`;
  return d.detail ? `${head}\n\n${fenced(d.detail, 'text', '  ')}\n` : `${head}\n`;
}

function checkEntry(c: StackReview['checks'][number]): string {
  const head = `- ${code(c.address)} (${text(c.kind)}): **${c.status}**`;
  return [head, ...c.problems.map((p) => `  - ${text(p)}`)].join('\n') + '\n';
}

/** A section of entries; they are rendered lazily, so a cut plan does not pay for what it drops. */
interface Block {
  readonly open: string;
  readonly close: string;
  readonly count: number;
  readonly entry: (index: number) => string;
}

const CLOSE = '\n\n</details>\n';

function statusLine(stack: StackReview): string {
  const planned = stack.resources.length > 0 || stack.outputs.length > 0;
  const affecting = stack.drift.filter((d) => d.affectsPlan).length;
  const drift =
    stack.driftCount > 0
      ? `${plural(stack.driftCount, 'resource')} changed outside Terraform since the last apply${affecting > 0 ? ` (${affecting} of them affect this plan)` : ''}: see **Changed outside Terraform** below.`
      : '';
  if (stack.errored) return `**Planning failed:** what follows is the part Terraform planned before it stopped.${drift ? ` ${drift}` : ''}`;
  if (!planned && stack.driftCount > 0) return `No changes are planned, but ${drift}`;
  if (!planned) return 'No changes. Your infrastructure matches the configuration.';
  return drift;
}

function stackBlocks(stack: StackReview): { head: string; blocks: Block[] } {
  const meta = [stack.terraformVersion ? `Terraform ${text(stack.terraformVersion)}` : undefined, `plan format ${text(stack.formatVersion)}`, `from ${code(stack.source)}`]
    .filter(Boolean)
    .join(' · ');
  const status = statusLine(stack);
  const head = `### ${code(stack.name)}\n\n<sub>${meta}</sub>${status ? `\n\n${status}` : ''}\n`;
  const blocks: Block[] = [];
  const diagnostics = stack.diagnostics ?? [];
  if (diagnostics.length > 0) {
    blocks.push({
      open: `<details><summary>Errors and warnings (${diagnostics.length}, from <code>${html(stack.diagnosticsSource ?? '')}</code>)</summary>\n`,
      close: CLOSE,
      count: diagnostics.length,
      entry: (i) => diagnosticEntry(diagnostics[i]),
    });
  }
  const checks = stack.checks ?? [];
  if (checks.length > 0) {
    blocks.push({ open: `<details><summary>Failing checks (${checks.length})</summary>\n`, close: CLOSE, count: checks.length, entry: (i) => checkEntry(checks[i]) });
  }
  const drift = stack.drift ?? [];
  if (drift.length > 0) {
    blocks.push({ open: `#### Changed outside Terraform (${drift.length})\n`, close: '\n', count: drift.length, entry: (i) => resourceEntry(drift[i], true) });
  }
  const replacements = stack.resources.filter((r) => r.kind === 'replace');
  if (replacements.length > 0) {
    blocks.push({
      open: `<details><summary>Replacements (${replacements.length})</summary>\n\n| Resource | Reason | Forced by |\n|:--|:--|:--|`,
      close: CLOSE,
      count: replacements.length,
      entry: (i) => {
        const r = replacements[i];
        return `| ${cell(code(r.address))} | ${cell(text(r.actionReason ?? ''))} | ${cell(r.replacePaths.map(code).join(', ') || '-')} |`;
      },
    });
  }
  if (stack.resources.length > 0) {
    blocks.push({ open: `#### Resource changes (${stack.resources.length})\n`, close: '\n', count: stack.resources.length, entry: (i) => resourceEntry(stack.resources[i]) });
  }
  if (stack.outputs.length > 0) {
    blocks.push({
      open: `<details><summary>Output changes (${stack.outputs.length})</summary>\n`,
      close: CLOSE,
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

function quoted(value: string, max = 160): string {
  const one = value.replace(/\s+/g, ' ').trim();
  return `“${text(one.length > max ? `${one.slice(0, max - 1)}…` : one)}”`;
}

function waiverLine(stack: StackReview, w: WaiverReview): string {
  const what = w.mechanism === 'tag' ? `${code(w.key)} on ${code(w.address ?? '?')}` : `${code(`PhiGuard.suppress(${w.key})`)}`;
  const details = [
    w.rules && w.rules.length > 0 ? `waives ${text(w.rules.join(', '))}` : w.rules ? 'waives no finding today' : undefined,
    w.refused && w.refused.length > 0 ? `**refused** for ${text(w.refused.join(', '))} (not waivable in a PHI stack)` : undefined,
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
    budgeted(
      lines,
      toReview.map(({ stack, w }) => waiverLine(stack, w)),
      budget,
      (n) => `- …and ${n} more (run \`plan-review --format json\` on the plan for all)`,
    );
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

function truncationNote(shown: number, total: number, location?: string, runUrl?: string): string {
  const full = location
    ? `the full masked review (every entry, as JSON) is in ${code(location)}${runUrl ? `, written by ${link('the CI run', runUrl)}` : ''}`
    : 'run `plan-review --format json` (or `--full-review FILE`) on the plan JSON for every entry';
  return `> [!NOTE]\n> Details cut to stay under GitHub's ${GITHUB_COMMENT_LIMIT_TEXT}-character comment limit: ${shown} of ${total} detail entries shown. The summary above is complete; ${full}.\n\n`;
}

/**
 * Renders a review as pull-request Markdown: title, commit and CI run, errors, stateful-risk and
 * capacity warnings, failing checks and warnings, summary table and Terraform's plan line first,
 * then one section per stack with its details. Output never exceeds `maxChars`: when the details
 * do not fit, whole entries are dropped from the end and a note says how many, and where the
 * full review is.
 */
export function renderReview(review: PlanReview, options: MarkdownOptions = {}): RenderedReview {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const title = options.title ?? 'Terraform plan review';
  const summary = [...renderSummary(review, title, maxChars), ...renderWaivers(review, Math.floor(maxChars / 6))].join('\n');
  // Reserve room for the truncation note so that adding it never breaks the bound.
  const noteReserve = 400 + (options.fullReviewLocation?.length ?? 0) + (review.runUrl?.length ?? 0);
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
      if (cut || block.open.length + block.close.length + 1 > budget) {
        cut = true;
        continue;
      }
      const body: string[] = [];
      let size = block.open.length + block.close.length + 1;
      for (let i = 0; i < block.count && !cut; i++) {
        const entry = block.entry(i);
        if (size + entry.length + 1 > budget) {
          cut = true;
          break;
        }
        body.push(entry);
        size += entry.length + 1;
        shownEntries++;
      }
      if (body.length > 0) {
        parts.push(`${block.open}\n${body.join('\n')}${block.close}`);
        budget -= size;
      }
    }
  }
  const note = cut ? truncationNote(shownEntries, totalEntries, options.fullReviewLocation, review.runUrl) : '';
  const markdown = `${summary}\n${note}${parts.join('\n')}`.replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
  return { markdown, cut, shownEntries, totalEntries };
}

/** `renderReview`, the Markdown only. */
export function renderMarkdown(review: PlanReview, options: MarkdownOptions = {}): string {
  return renderReview(review, options).markdown;
}
