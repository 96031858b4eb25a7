// Design benchmarks. `design.constraints`: 500-bp designs checked per second under the IDT-like
// gene-fragment profile (all rules incl. both-strand forbidden sites and 100-bp GC windows).
// `design.rescore_p95` (model re-score latency) needs the model and is added with it.
import { sampleBases } from '../src/core/design/background';
import { checkDesign } from '../src/core/design/constraints';
import { IDT_LIKE_GENE_FRAGMENT } from '../src/core/design/profiles';
import type { Bench } from './types';

export const benches: Bench[] = [
  {
    name: 'design.constraints',
    run: async () => {
      const n = 200;
      const seqs = Array.from({ length: n }, (_, i) => sampleBases(500, 0.35 + 0.3 * (i / n), i + 1));
      let violations = 0;
      for (const s of seqs) violations += checkDesign(s, 'warmup', IDT_LIKE_GENE_FRAGMENT).length;
      let checked = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < 1000) {
        for (const s of seqs) checkDesign(s, 'd', IDT_LIKE_GENE_FRAGMENT, ['other']);
        checked += n;
      }
      const sec = (performance.now() - t0) / 1000;
      return { bench: 'design.constraints', value: Math.round(checked / sec), unit: 'designs/s', length: 500, profile: IDT_LIKE_GENE_FRAGMENT.id, meanViolations: violations / n };
    },
  },
];
