// Claims path pointer processing for JSON credentials (OpenID4VP 1.0 §7.1), returning the concrete paths selected
// so the wallet knows exactly which disclosures to reveal.
import type { ClaimsPath } from './types.js';

export type ConcretePath = (string | number)[];

export interface SelectedClaim {
  path: ConcretePath;
  value: unknown;
}

export type PathResult = { ok: true; selected: SelectedClaim[] } | { ok: false; reason: 'not_found' | 'type_mismatch' };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function selectClaims(credential: Record<string, unknown>, pointer: ClaimsPath): PathResult {
  let selection: SelectedClaim[] = [{ path: [], value: credential }];
  for (const component of pointer) {
    const next: SelectedClaim[] = [];
    for (const item of selection) {
      if (typeof component === 'string') {
        if (!isObject(item.value)) return { ok: false, reason: 'type_mismatch' };
        if (Object.prototype.hasOwnProperty.call(item.value, component)) {
          next.push({ path: [...item.path, component], value: item.value[component] });
        }
      } else if (component === null) {
        if (!Array.isArray(item.value)) return { ok: false, reason: 'type_mismatch' };
        item.value.forEach((v, i) => next.push({ path: [...item.path, i], value: v }));
      } else if (Number.isInteger(component) && component >= 0) {
        if (!Array.isArray(item.value)) return { ok: false, reason: 'type_mismatch' };
        if (component < item.value.length) next.push({ path: [...item.path, component], value: item.value[component] });
      } else {
        return { ok: false, reason: 'type_mismatch' };
      }
    }
    selection = next;
  }
  return selection.length ? { ok: true, selected: selection } : { ok: false, reason: 'not_found' };
}

/** True when `inner` lies at or below `outer` (a claim disclosed as part of a larger disclosed claim). */
export function pathCovers(outer: ClaimsPath, inner: ConcretePath): boolean {
  if (outer.length > inner.length) return false;
  return outer.every((c, i) => c === null ? typeof inner[i] === 'number' : c === inner[i]);
}
