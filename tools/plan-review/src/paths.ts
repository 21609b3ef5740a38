/**
 * Addresses and attribute paths: how they print and how they sort.
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `["tags","Name"]` → `tags.Name`; `["ingress",0,"cidr"]` → `ingress[0].cidr`; odd keys are quoted. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (IDENTIFIER.test(step)) out += out === '' ? step : `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Natural order of addresses and keys: runs of digits compare by value, so `x[2]` comes before
 * `x[10]`, `module.a[9].b` before `module.a[10].b` and `k["web-2"]` before `k["web-10"]`; the rest
 * compares by UTF-16 code unit, as Terraform does. Total and deterministic: strings that only
 * differ in leading zeros (`x[01]`, `x[1]`) fall back to plain order.
 */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let si = i;
      while (si < a.length && a.charCodeAt(si) === 48) si++;
      let sj = j;
      while (sj < b.length && b.charCodeAt(sj) === 48) sj++;
      let ei = si;
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
      let ej = sj;
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
      if (ei - si !== ej - sj) return ei - si - (ej - sj);
      for (let k = 0; k < ei - si; k++) {
        const d = a.charCodeAt(si + k) - b.charCodeAt(sj + k);
        if (d !== 0) return d;
      }
      i = ei;
      j = ej;
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  const rest = (i < a.length ? 1 : 0) - (j < b.length ? 1 : 0);
  if (rest !== 0) return rest;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts by address in natural order (a copy; the input is left alone). */
export function byNaturalAddress<T extends { readonly address: string }>(items: readonly T[]): T[] {
  return [...items].sort((x, y) => naturalCompare(x.address, y.address));
}
