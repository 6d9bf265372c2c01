/** Small statistics for repeated measurements. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Round for the report: ratios to 3 decimals, milliseconds to 0.1. */
export const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

/** Run `measure` `warmup` times unrecorded, then `repetitions` times; the recorded values in order. */
export async function repeat<T>(repetitions: number, warmup: number, measure: () => Promise<T>): Promise<T[]> {
  for (let i = 0; i < warmup; i++) await measure();
  const values: T[] = [];
  for (let i = 0; i < repetitions; i++) values.push(await measure());
  return values;
}
