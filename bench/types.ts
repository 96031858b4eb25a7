// One benchmark: a name (dotted, e.g. "train.argminn") and a function that measures it.
export interface BenchResult {
  bench: string;
  value: number;
  unit: string;
  peer?: number;
  ratio?: number;
  [extra: string]: unknown;
}
export interface Bench {
  name: string;
  run: () => Promise<BenchResult | BenchResult[]>;
}
