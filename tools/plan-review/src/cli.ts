import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticsLog, parseDiagnosticsLog } from './diagnostics';
import { DEFAULT_MAX_CHARS, renderReview } from './markdown';
import { parsePlan, PlanInputError } from './plan';
import { FAIL_ON, FailOn, PlanReview, policyFailures, ReviewContext, reviewPlan, reviewPlans } from './review';
import { GuardReport, parseGuardReport } from './waivers';

/** Exit codes: part of the interface (CI steps branch on them). */
export const EXIT_OK = 0;
/** A `--fail-on` policy is broken (or a plan errored and some `--fail-on` is set); the review is still printed. */
export const EXIT_POLICY = 1;
/** Bad usage or an input that is not a readable 1.x plan. */
export const EXIT_INPUT = 2;

export const USAGE = [
  'usage: plan-review <plan.json>... [--format markdown|json] [--fail-on destroy|replace|stateful|capacity]... [--max-chars N] [--title TEXT]',
  '                   [--guard-report phi-guard.json]... [--diagnostics plan.log.jsonl]... [--output FILE] [--full-review FILE]',
  '                   [--labels-out FILE] [--commit SHA] [--run-url URL]',
].join('\n');

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readFile: (file: string) => string;
  /** Writes `--output`, `--full-review` and `--labels-out` files (default: the file system). */
  readonly writeFile?: (file: string, text: string) => void;
  /** Where `GITHUB_SHA`, `GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, `GITHUB_RUN_ID` and `GITHUB_WORKSPACE` come from (default: `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (file) => fs.readFileSync(file, 'utf8'),
  writeFile: (file, text) => fs.writeFileSync(file, text),
};

interface Options {
  readonly files: string[];
  readonly format: 'markdown' | 'json';
  readonly failOn: FailOn[];
  readonly maxChars: number;
  readonly title?: string;
  /** phi-guard reports (`phi-guard.json`), matched to the plans by stack name. */
  readonly guardReports: string[];
  /** `terraform plan -json` logs, matched to the plans by directory. */
  readonly diagnostics: string[];
  readonly output?: string;
  readonly fullReview?: string;
  readonly labelsOut?: string;
  readonly commit?: string;
  readonly runUrl?: string;
}

class UsageError extends Error {}

/** Name of a plan's section: the stack directory for `<stack>/plan.json`, else the file name. */
export function stackNameOf(file: string): string {
  const base = path.basename(file);
  if (base === 'plan.json') return path.basename(path.dirname(path.resolve(file)));
  return base.replace(/\.json$/i, '');
}

const SHA = /^[0-9a-f]{7,64}$/i;

function checkCommit(value: string, where: string): string {
  if (!SHA.test(value)) throw new UsageError(`${where} must be a hexadecimal commit SHA of 7 to 64 characters (got '${value}'): pass the commit the plan was made from, e.g. --commit "$(git rev-parse HEAD)"`);
  return value.toLowerCase();
}

function checkUrl(value: string, where: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${where} must be an http(s) URL like https://github.com/owner/repo/actions/runs/123 (got '${value}')`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`${where} must be an http(s) URL like https://github.com/owner/repo/actions/runs/123 (got '${value}')`);
  return url.href;
}

function parseArgs(argv: readonly string[]): Options {
  const files: string[] = [];
  let format: Options['format'] = 'markdown';
  const failOn: FailOn[] = [];
  let maxChars = DEFAULT_MAX_CHARS;
  let title: string | undefined;
  const guardReports: string[] = [];
  const diagnostics: string[] = [];
  const single: { output?: string; fullReview?: string; labelsOut?: string; commit?: string; runUrl?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      return next;
    };
    const file = (): string => {
      const v = value();
      if (v === '') throw new UsageError(`${name} needs a file name (got '')`);
      return v;
    };
    switch (name) {
      case '--format': {
        const v = value();
        if (v !== 'markdown' && v !== 'json') throw new UsageError(`--format must be markdown or json (got '${v}')`);
        format = v;
        break;
      }
      case '--fail-on':
        for (const v of value().split(',')) {
          if (!(FAIL_ON as readonly string[]).includes(v)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')} (got '${v}')`);
          if (!failOn.includes(v as FailOn)) failOn.push(v as FailOn);
        }
        break;
      case '--max-chars': {
        const v = value();
        maxChars = Number(v);
        if (!Number.isInteger(maxChars) || maxChars < 2000) throw new UsageError(`--max-chars must be an integer of at least 2000 (got '${v}')`);
        break;
      }
      case '--title':
        title = value();
        break;
      case '--guard-report':
        guardReports.push(value());
        break;
      case '--diagnostics':
        diagnostics.push(file());
        break;
      case '-o':
      case '--output':
        single.output = file();
        break;
      case '--full-review':
        single.fullReview = file();
        break;
      case '--labels-out':
        single.labelsOut = file();
        break;
      case '--commit':
        single.commit = checkCommit(value(), '--commit');
        break;
      case '--run-url':
        single.runUrl = checkUrl(value(), '--run-url');
        break;
      case '-h':
      case '--help':
        throw new UsageError('help');
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        files.push(arg);
    }
  }
  if (files.length === 0) throw new UsageError('no plan given: pass one or more files written by `terraform show -json <planfile> > plan.json`');
  return { files, format, failOn, maxChars, ...(title !== undefined ? { title } : {}), guardReports, diagnostics, ...single };
}

function readInput(file: string, io: Pick<CliIo, 'readFile'>, what = ''): string {
  try {
    return io.readFile(file === '-' ? '/dev/stdin' : file);
  } catch (err) {
    throw new PlanInputError(`${what}${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function readGuardReports(files: readonly string[], io: Pick<CliIo, 'readFile'>): GuardReport[] {
  return files.map((file) => parseGuardReport(readInput(file, io), file));
}

/**
 * The guard report of a plan's stack: the one with its stack name, or the only one when a single
 * plan comes with a single report (a plan file named other than `<stack>/plan.json`).
 */
function guardReportFor(name: string, reports: readonly GuardReport[], plans: number): GuardReport | undefined {
  return reports.find((r) => r.stack === name) ?? (plans === 1 && reports.length === 1 ? reports[0] : undefined);
}

function stem(file: string): string {
  return path.basename(file).replace(/(\.plan)?\.json$/i, '');
}

/**
 * Which plan each `--diagnostics` log belongs to: the only plan; else the plan in the log's
 * directory; else, of several plans there, the one whose name (without `.json`) starts the log's.
 */
function matchDiagnostics(plans: readonly string[], logs: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const log of logs) {
    let plan: string | undefined;
    if (plans.length === 1) plan = plans[0];
    else {
      const dir = path.dirname(path.resolve(log));
      const here = plans.filter((p) => p !== '-' && path.dirname(path.resolve(p)) === dir);
      plan = here.length === 1 ? here[0] : here.find((p) => path.basename(log).startsWith(`${stem(p)}.`));
    }
    if (plan === undefined) {
      throw new UsageError(`--diagnostics ${log}: cannot tell which plan it belongs to: put the log in its plan's directory (as <dir>/plan.log.jsonl next to <dir>/plan.json), or name it after the plan (us.json → us.log.jsonl)`);
    }
    if (out.has(plan)) throw new UsageError(`--diagnostics ${log}: ${plan} already has a log (${out.get(plan)}): pass one log per plan`);
    out.set(plan, log);
  }
  return out;
}

/** Reads, reviews and renders; returns the review for callers that want the model. */
export function review(
  files: readonly string[],
  io: Pick<CliIo, 'readFile'> = defaultIo,
  guardReportFiles: readonly string[] = [],
  diagnosticsFiles: readonly string[] = [],
  context: ReviewContext = {},
): PlanReview {
  const reports = readGuardReports(guardReportFiles, io);
  const logs = matchDiagnostics(files, diagnosticsFiles);
  return reviewPlans(
    files.map((file) => {
      const text = readInput(file, io);
      const name = file === '-' ? 'stdin' : stackNameOf(file);
      const logFile = logs.get(file);
      const log: DiagnosticsLog | undefined = logFile !== undefined ? parseDiagnosticsLog(readInput(logFile, io, '--diagnostics '), logFile) : undefined;
      return reviewPlan(parsePlan(text, file), name, file, guardReportFor(name, reports, files.length), log);
    }),
    context,
  );
}

/** Commit and run link: the flags, else GitHub Actions' variables. */
function contextOf(options: Options, env: Readonly<Record<string, string | undefined>>): ReviewContext {
  const commit = options.commit ?? (env.GITHUB_SHA ? checkCommit(env.GITHUB_SHA, 'GITHUB_SHA') : undefined);
  let runUrl = options.runUrl;
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id, GITHUB_RUN_ATTEMPT: attempt } = env;
  if (runUrl === undefined && server && repo && id) {
    if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) throw new UsageError(`GITHUB_REPOSITORY must be owner/name (got '${repo}'): pass --run-url instead`);
    if (!/^\d+$/.test(id)) throw new UsageError(`GITHUB_RUN_ID must be a number (got '${id}'): pass --run-url instead`);
    const tail = attempt && /^\d+$/.test(attempt) && attempt !== '1' ? `/attempts/${attempt}` : '';
    runUrl = checkUrl(`${server.replace(/\/+$/, '')}/${repo}/actions/runs/${id}${tail}`, 'GITHUB_SERVER_URL');
  }
  return { ...(commit !== undefined ? { commit } : {}), ...(runUrl !== undefined ? { runUrl } : {}) };
}

/**
 * Where the full masked review goes: `--full-review`, else next to `--output`, else next to the
 * first plan (`<dir>/plan.json` → `<dir>/plan.review.json`; stdin → `./stdin.review.json`).
 */
function fullReviewPath(options: Options): string {
  if (options.fullReview !== undefined) return options.fullReview;
  if (options.output !== undefined) return path.join(path.dirname(options.output), `${path.basename(options.output).replace(/\.[^.]*$/, '')}.review.json`);
  const first = options.files[0];
  if (first === '-') return 'stdin.review.json';
  return path.join(path.dirname(first), `${stem(first)}.review.json`);
}

/** How the note names the file: relative to the checkout in GitHub Actions (`GITHUB_WORKSPACE`), else absolute. */
function displayLocation(file: string, env: Readonly<Record<string, string | undefined>>): string {
  const absolute = path.resolve(file);
  const workspace = env.GITHUB_WORKSPACE;
  if (workspace) {
    const rel = path.relative(path.resolve(workspace), absolute);
    if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  }
  return absolute;
}

/** The command line. Returns the exit code instead of exiting, so tests can drive it. */
export function main(argv: readonly string[], io: CliIo = defaultIo): number {
  const env = io.env ?? process.env;
  const writeFile = io.writeFile ?? ((file: string, text: string) => fs.writeFileSync(file, text));
  let options: Options;
  let context: ReviewContext;
  try {
    options = parseArgs(argv);
    context = contextOf(options, env);
  } catch (err) {
    if (err instanceof UsageError) {
      if (err.message === 'help') {
        io.stdout(`${USAGE}\n`);
        return EXIT_OK;
      }
      io.stderr(`plan-review: ${err.message}\n${USAGE}\n`);
      return EXIT_INPUT;
    }
    throw err;
  }
  let result: PlanReview;
  try {
    result = review(options.files, io, options.guardReports, options.diagnostics, context);
  } catch (err) {
    if (err instanceof PlanInputError) {
      io.stderr(`plan-review: ${err.message}\n`);
      return EXIT_INPUT;
    }
    if (err instanceof UsageError) {
      io.stderr(`plan-review: ${err.message}\n${USAGE}\n`);
      return EXIT_INPUT;
    }
    throw err;
  }
  // The full review file is written compact: on a 10,000-change plan it is tens of megabytes indented.
  const json = (indent?: number): string => `${JSON.stringify({ version: 1, ...result }, null, indent)}\n`;
  const write = (file: string, text: string, option: string): boolean => {
    try {
      writeFile(file, text);
      return true;
    } catch (err) {
      io.stderr(`plan-review: ${option} ${file}: cannot write: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}: pass a path in a directory that exists and is writable\n`);
      return false;
    }
  };
  let out: string;
  if (options.format === 'json') out = json(2);
  else {
    const fullReview = fullReviewPath(options);
    const rendered = renderReview(result, {
      maxChars: options.maxChars,
      ...(options.title !== undefined ? { title: options.title } : {}),
      fullReviewLocation: displayLocation(fullReview, env),
    });
    out = rendered.markdown;
    // The note names the full review only when the details are cut: write it then (and always when asked for).
    if ((rendered.cut || options.fullReview !== undefined) && !write(fullReview, json(), '--full-review')) return EXIT_INPUT;
  }
  if (options.format === 'json' && options.fullReview !== undefined && !write(options.fullReview, out, '--full-review')) return EXIT_INPUT;
  if (options.labelsOut !== undefined && !write(options.labelsOut, result.labels.map((l) => `${l}\n`).join(''), '--labels-out')) return EXIT_INPUT;
  if (options.output !== undefined) {
    if (!write(options.output, out, '--output')) return EXIT_INPUT;
  } else io.stdout(out);
  const failures = policyFailures(result, options.failOn);
  for (const failure of failures) io.stderr(`plan-review: ${failure}\n`);
  return failures.length > 0 ? EXIT_POLICY : EXIT_OK;
}
