/** Small numeric helpers and the result table. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface Row {
  benchmark: string;
  metric: string;
  value: string;
  target: string;
  /** true met, false missed, null no target. */
  met: boolean | null;
}

export function printTable(rows: Row[]) {
  const header = ['benchmark', 'metric', 'value', 'target', ''];
  const cells = rows.map((r) => [r.benchmark, r.metric, r.value, r.target, r.met === null ? '' : r.met ? 'met' : 'MISSED']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}
