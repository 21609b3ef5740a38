/**
 * The parts of Terraform's JSON plan representation (`terraform show -json <planfile>`) the review
 * reads, and the checks that decide whether an input is such a plan at all.
 * Reference: https://developer.hashicorp.com/terraform/internals/json-format
 */

/** An action in `change.actions`. A replacement is `["delete","create"]` or `["create","delete"]`. */
export type PlanAction = 'no-op' | 'create' | 'read' | 'update' | 'delete' | 'forget';

/** Sensitivity mask: `true` marks the whole value, objects and arrays mirror the value's shape. */
export type SensitiveMask = boolean | { [key: string]: SensitiveMask } | SensitiveMask[];

export interface PlanChange {
  readonly actions: PlanAction[];
  readonly before?: unknown;
  readonly after?: unknown;
  readonly after_unknown?: unknown;
  readonly before_sensitive?: SensitiveMask;
  readonly after_sensitive?: SensitiveMask;
  /** Paths whose change forces the replacement (only on replacements). */
  readonly replace_paths?: (string | number)[][];
  /** Present when the resource is imported by this plan. */
  readonly importing?: { readonly id?: string; readonly identity?: unknown };
}

export interface PlanResourceChange {
  readonly address: string;
  readonly module_address?: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly provider_name?: string;
  readonly change: PlanChange;
  readonly action_reason?: string;
  readonly previous_address?: string;
}

export interface PlanOutputChange {
  readonly actions: PlanAction[];
  readonly before?: unknown;
  readonly after?: unknown;
  readonly after_unknown?: unknown;
  readonly before_sensitive?: SensitiveMask;
  readonly after_sensitive?: SensitiveMask;
}

export interface PlanStateResource {
  readonly address: string;
  readonly values?: unknown;
  readonly sensitive_values?: SensitiveMask;
}

export interface PlanStateModule {
  readonly resources?: PlanStateResource[];
  readonly child_modules?: PlanStateModule[];
}

export interface TerraformPlan {
  readonly format_version: string;
  readonly terraform_version?: string;
  readonly variables?: Record<string, { readonly value?: unknown }>;
  readonly planned_values: {
    readonly outputs?: Record<string, { readonly sensitive?: boolean; readonly value?: unknown }>;
    readonly root_module?: PlanStateModule;
  };
  readonly resource_changes?: PlanResourceChange[];
  readonly resource_drift?: PlanResourceChange[];
  readonly output_changes?: Record<string, PlanOutputChange>;
  readonly prior_state?: { readonly values?: { readonly root_module?: PlanStateModule; readonly outputs?: Record<string, { readonly sensitive?: boolean; readonly value?: unknown }> } };
  readonly configuration?: {
    readonly root_module?: { readonly variables?: Record<string, { readonly sensitive?: boolean }> };
  };
  readonly relevant_attributes?: { readonly resource: string; readonly attribute: (string | number)[] }[];
  readonly errored?: boolean;
  /** Results of `check` blocks, pre- and postconditions and validations (Terraform 1.5+). */
  readonly checks?: unknown[];
}

/** Input that is not a Terraform plan this tool can read. The message is one line. */
export class PlanInputError extends Error {
  constructor(message: string) {
    super(message.replace(/\s*\n\s*/g, ' '));
    this.name = 'PlanInputError';
  }
}

const HOW = 'expected the output of `terraform show -json <planfile>`';
const ACTIONS: ReadonlySet<string> = new Set(['no-op', 'create', 'read', 'update', 'delete', 'forget']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses and checks a plan. Throws `PlanInputError` on empty or truncated text, JSON that is not
 * a plan (a state file, a config), or a `format_version` other than 1.x: a major version bump
 * means Terraform changed the shape, and a review built on a misread plan is worse than none.
 */
export function parsePlan(text: string, source: string): TerraformPlan {
  if (text.trim() === '') throw new PlanInputError(`${source}: empty input: ${HOW}`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new PlanInputError(`${source}: not valid JSON (truncated or corrupted?): ${(err as Error).message}: ${HOW}`);
  }
  if (!isRecord(data)) throw new PlanInputError(`${source}: not a Terraform plan (got a JSON ${Array.isArray(data) ? 'array' : typeof data}): ${HOW}`);
  const version = data.format_version;
  if (version === undefined) throw new PlanInputError(`${source}: not a Terraform plan (no format_version): ${HOW}`);
  if (typeof version !== 'string' || !/^1\.\d+$/.test(version)) {
    throw new PlanInputError(`${source}: unsupported format_version '${String(version)}' (expected 1.x): this tool reads Terraform's plan JSON format 1.x`);
  }
  if (!isRecord(data.planned_values)) {
    const what = isRecord(data.values) ? 'a state, not a plan (it has values but no planned_values)' : 'not a Terraform plan (no planned_values)';
    throw new PlanInputError(`${source}: ${what}: ${HOW}`);
  }
  for (const key of ['resource_changes', 'resource_drift'] as const) {
    const list = data[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new PlanInputError(`${source}: malformed plan: ${key} must be an array (got ${typeof list})`);
    list.forEach((rc: unknown, i) => {
      if (!isRecord(rc) || typeof rc.address !== 'string' || typeof rc.type !== 'string' || !isRecord(rc.change) || !Array.isArray(rc.change.actions)) {
        throw new PlanInputError(`${source}: malformed plan: ${key}[${i}] needs address, type and change.actions`);
      }
      for (const action of rc.change.actions) {
        if (typeof action !== 'string' || !ACTIONS.has(action)) throw new PlanInputError(`${source}: malformed plan: ${key}[${i}] (${rc.address}) has unknown action '${String(action)}'`);
      }
    });
  }
  if (data.checks !== undefined && !Array.isArray(data.checks)) throw new PlanInputError(`${source}: malformed plan: checks must be an array (got ${typeof data.checks})`);
  if (data.output_changes !== undefined && !isRecord(data.output_changes)) throw new PlanInputError(`${source}: malformed plan: output_changes must be an object`);
  return data as unknown as TerraformPlan;
}
