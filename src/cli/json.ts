/**
 * JSON for output. Numbers a run produces are finite by construction (a diverged point keeps its last finite state),
 * but should a non-finite number ever reach output it is written as the string "Infinity" or "-Infinity", never
 * as NaN or a bare token JSON does not have; a NaN (always a bug upstream) becomes null. Typed arrays become arrays.
 */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'number') return Number.isFinite(v) ? v : Number.isNaN(v) ? null : v > 0 ? 'Infinity' : '-Infinity';
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
      return v;
    },
    indent,
  );
}

/** A number for CSV: shortest round-trip form; ±Infinity as words; NaN as an empty field. */
export const csvNumber = (v: number): string => (Number.isFinite(v) ? String(v) : Number.isNaN(v) ? '' : v > 0 ? 'Infinity' : '-Infinity');
