import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MAX_CHARS, renderMarkdown } from './markdown';
import { parsePlan, PlanInputError } from './plan';
import { FAIL_ON, FailOn, PlanReview, policyFailures, reviewPlan, reviewPlans } from './review';
import { GuardReport, parseGuardReport } from './waivers';

/** Exit codes: part of the interface (CI steps branch on them). */
export const EXIT_OK = 0;
/** A `--fail-on` policy is broken; the review is still printed. */
export const EXIT_POLICY = 1;
/** Bad usage or an input that is not a readable 1.x plan. */
export const EXIT_INPUT = 2;

export const USAGE =
  'usage: plan-review <plan.json>... [--format markdown|json] [--fail-on destroy|replace|stateful|capacity]... [--max-chars N] [--title TEXT] [--guard-report phi-guard.json]...';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readFile: (file: string) => string;
}

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (file) => fs.readFileSync(file, 'utf8'),
};

interface Options {
  readonly files: string[];
  readonly format: 'markdown' | 'json';
  readonly failOn: FailOn[];
  readonly maxChars: number;
  readonly title?: string;
  /** phi-guard reports (`phi-guard.json`), matched to the plans by stack name. */
  readonly guardReports: string[];
}

class UsageError extends Error {}

/** Name of a plan's section: the stack directory for `<stack>/plan.json`, else the file name. */
export function stackNameOf(file: string): string {
  const base = path.basename(file);
  if (base === 'plan.json') return path.basename(path.dirname(path.resolve(file)));
  return base.replace(/\.json$/i, '');
}

function parseArgs(argv: readonly string[]): Options {
  const files: string[] = [];
  let format: Options['format'] = 'markdown';
  const failOn: FailOn[] = [];
  let maxChars = DEFAULT_MAX_CHARS;
  let title: string | undefined;
  const guardReports: string[] = [];
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
      case '-h':
      case '--help':
        throw new UsageError('help');
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        files.push(arg);
    }
  }
  if (files.length === 0) throw new UsageError('no plan given: pass one or more files written by `terraform show -json <planfile> > plan.json`');
  return { files, format, failOn, maxChars, ...(title !== undefined ? { title } : {}), guardReports };
}

function readGuardReports(files: readonly string[], io: Pick<CliIo, 'readFile'>): GuardReport[] {
  return files.map((file) => {
    let text: string;
    try {
      text = io.readFile(file);
    } catch (err) {
      throw new PlanInputError(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    return parseGuardReport(text, file);
  });
}

/**
 * The guard report of a plan's stack: the one with its stack name, or the only one when a single
 * plan comes with a single report (a plan file named other than `<stack>/plan.json`).
 */
function guardReportFor(name: string, reports: readonly GuardReport[], plans: number): GuardReport | undefined {
  return reports.find((r) => r.stack === name) ?? (plans === 1 && reports.length === 1 ? reports[0] : undefined);
}

/** Reads, reviews and renders; returns the review for callers that want the model. */
export function review(files: readonly string[], io: Pick<CliIo, 'readFile'> = defaultIo, guardReportFiles: readonly string[] = []): PlanReview {
  const reports = readGuardReports(guardReportFiles, io);
  return reviewPlans(
    files.map((file) => {
      let text: string;
      try {
        text = io.readFile(file === '-' ? '/dev/stdin' : file);
      } catch (err) {
        throw new PlanInputError(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      const name = file === '-' ? 'stdin' : stackNameOf(file);
      return reviewPlan(parsePlan(text, file), name, file, guardReportFor(name, reports, files.length));
    }),
  );
}

/** The command line. Returns the exit code instead of exiting, so tests can drive it. */
export function main(argv: readonly string[], io: CliIo = defaultIo): number {
  let options: Options;
  try {
    options = parseArgs(argv);
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
    result = review(options.files, io, options.guardReports);
  } catch (err) {
    if (err instanceof PlanInputError) {
      io.stderr(`plan-review: ${err.message}\n`);
      return EXIT_INPUT;
    }
    throw err;
  }
  if (options.format === 'json') io.stdout(`${JSON.stringify({ version: 1, ...result }, null, 2)}\n`);
  else io.stdout(renderMarkdown(result, { maxChars: options.maxChars, ...(options.title !== undefined ? { title: options.title } : {}) }));
  const failures = policyFailures(result, options.failOn);
  for (const failure of failures) io.stderr(`plan-review: ${failure}\n`);
  return failures.length > 0 ? EXIT_POLICY : EXIT_OK;
}
