/**
 * Structural diff of JSON documents held in string attributes: IAM and bucket policies, key
 * policies, container definitions. Terraform plans them as one string each, so a change of one
 * principal deep inside is otherwise a pair of long strings that look the same when shortened.
 */
import { formatPath, naturalCompare } from './paths';

export interface JsonChange {
  /** Path inside the document, e.g. `Statement[0].Principal.AWS`; empty for the whole document. */
  readonly path: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** Compact JSON of the value before, masked (absent when added). */
  readonly before?: string;
  /** Compact JSON of the value after, masked (absent when removed). */
  readonly after?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values (objects by key, in any key order). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * The JSON object or array a string holds, or undefined. Only strings that start with `{` or `[`
 * are parsed, so ordinary values cost one character test.
 */
export function parseJsonDocument(value: unknown): object | undefined {
  if (typeof value !== 'string') return undefined;
  let i = 0;
  while (i < value.length && (value[i] === ' ' || value[i] === '\n' || value[i] === '\r' || value[i] === '\t')) i++;
  if (value[i] !== '{' && value[i] !== '[') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

interface Walk {
  readonly out: JsonChange[];
  readonly path: (string | number)[];
  readonly render: (value: unknown) => string;
  readonly cleanPath: (path: string) => string;
}

function here(w: Walk, step?: string | number): string {
  return w.cleanPath(formatPath(step === undefined ? w.path : [...w.path, step]));
}

function walk(before: unknown, after: unknown, w: Walk): void {
  if (deepEqual(before, after)) return;
  if (isObject(before) && isObject(after)) {
    const keys = new Set(Object.keys(before));
    for (const key of Object.keys(after)) keys.add(key);
    for (const key of [...keys].sort(naturalCompare)) {
      const had = Object.prototype.hasOwnProperty.call(before, key);
      const has = Object.prototype.hasOwnProperty.call(after, key);
      if (!had) w.out.push({ path: here(w, key), change: 'added', after: w.render(after[key]) });
      else if (!has) w.out.push({ path: here(w, key), change: 'removed', before: w.render(before[key]) });
      else {
        w.path.push(key);
        walk(before[key], after[key], w);
        w.path.pop();
      }
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    // Equal elements at both ends stay put; the middle pairs up by position, the rest is added or
    // removed. An inserted statement then shows as one addition, not as every later one changing.
    let start = 0;
    while (start < before.length && start < after.length && deepEqual(before[start], after[start])) start++;
    let end = 0;
    while (end < before.length - start && end < after.length - start && deepEqual(before[before.length - 1 - end], after[after.length - 1 - end])) end++;
    const midBefore = before.length - start - end;
    const midAfter = after.length - start - end;
    const paired = Math.min(midBefore, midAfter);
    for (let k = 0; k < paired; k++) {
      w.path.push(start + k);
      walk(before[start + k], after[start + k], w);
      w.path.pop();
    }
    for (let k = paired; k < midBefore; k++) w.out.push({ path: here(w, start + k), change: 'removed', before: w.render(before[start + k]) });
    for (let k = paired; k < midAfter; k++) w.out.push({ path: here(w, start + k), change: 'added', after: w.render(after[start + k]) });
    return;
  }
  w.out.push({ path: here(w), change: 'changed', before: w.render(before), after: w.render(after) });
}

/**
 * What changes between two JSON documents: one entry per added, removed or changed key or array
 * element, deepest first-differing level only, keys in natural order. `render` turns a value into
 * the masked text the review shows; `cleanPath` masks a path (keys can carry secrets too).
 */
export function diffJson(before: unknown, after: unknown, render: (value: unknown) => string, cleanPath: (path: string) => string = (p) => p): JsonChange[] {
  const w: Walk = { out: [], path: [], render, cleanPath };
  walk(before, after, w);
  return w.out;
}
