/**
 * The one way a phi-stack construct reports bad props, in aws-cdk's words:
 * `<construct path>: <prop> must … (got …): <the way out>`. Every problem of the props is collected
 * before anything is thrown, so a caller fixes them in one synth rather than one synth each.
 *
 * ```ts
 * const problems = new Problems(this.node.path);
 * problems.add(integerProblem('port', props.port, 1150, 65535, 'RDS MySQL listens there'));
 * if (!/^[a-z]/.test(props.name)) problems.add(`name must start with a letter (got '${props.name}'): ...`);
 * problems.throwIfAny(); // before the first check that needs a value validated above
 * ```
 *
 * Where a later check reads a value that an earlier one validates (the major version parsed from
 * the engine version), call `throwIfAny()` between them: what is reported is then every problem up
 * to that point, never a follow-on error of a problem already named.
 */
export class Problems {
  private readonly found: string[] = [];

  /** @param path the construct's `node.path`, which starts every message. */
  constructor(public readonly path: string) {}

  /** Records `problem` (`<prop> must … (got …): <fix>`); `undefined` or `''` records nothing. */
  add(problem: string | undefined): void {
    if (problem) this.found.push(problem);
  }

  /** Records `problem()` unless `ok`; the message is built only when it is needed. */
  check(ok: boolean, problem: () => string): void {
    if (!ok) this.found.push(problem());
  }

  /** The problems recorded so far, in the order they were found. */
  get list(): readonly string[] {
    return [...this.found];
  }

  /**
   * Throws one Error that names every recorded problem, or returns when there is none.
   * One problem: `<path>: <problem>`. More: `<path>: <n> problems:` and a line `  - <problem>` each.
   */
  throwIfAny(): void {
    if (this.found.length === 0) return;
    throw new Error(formatProblems(this.path, this.found));
  }

  /** Records `problem` and throws at once with everything recorded: for a value nothing after it can do without. */
  fail(problem: string): never {
    this.found.push(problem);
    throw new Error(formatProblems(this.path, this.found));
  }
}

/** The message of {@link Problems.throwIfAny}. */
export function formatProblems(path: string, problems: readonly string[]): string {
  return `${path}: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n  - ${problems.join('\n  - ')}`}`;
}
