/**
 * Reading a stack's synthesized Terraform JSON (`Testing.synth`) by construct path, for the unit
 * tests of the modules: a logical id such as `db_replica-1_0A1B2C3D` stands for the construct path
 * `db/replica-1` below the stack.
 */

// Synthesized Terraform JSON is untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** `db_replica-1_0A1B2C3D` (a logical id) to `db/replica-1` (the construct path below the stack). */
export function constructPathOf(logicalId: string): string {
  return logicalId.replace(/_[0-9A-F]{8}$/, '').replace(/_/g, '/');
}

/** The resources (or data sources) of one type, keyed by construct path. */
export function resourcesByPath(json: Json, type: string, block: 'resource' | 'data' = 'resource'): Record<string, Json> {
  return Object.fromEntries(Object.entries<Json>(json[block]?.[type] ?? {}).map(([key, value]) => [constructPathOf(key), value]));
}

/** The Terraform reference `${<type>.<logical id>.<attr>}` to the block at a construct path; throws when there is none. */
export function refAt(json: Json, type: string, path: string, attr: string, block: 'resource' | 'data' = 'resource'): string {
  const key = Object.keys(json[block]?.[type] ?? {}).find((k) => constructPathOf(k) === path);
  if (!key) throw new Error(`no ${block === 'data' ? 'data.' : ''}${type} at ${path}`);
  return `\${${block === 'data' ? 'data.' : ''}${type}.${key}.${attr}}`;
}
