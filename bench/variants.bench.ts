// Variant benchmark `variants.pairs`: seconds per 10,000 paired ref/alt sequences of 200 bp (three
// substitutions each) through the paired-FASTA path of the variants.score job — pairing and
// listing differences, fitting to the model window (200 bp and, as `fitted101`, cut to 101 bp),
// both-strand scoring with instance calls on both alleles, and a 12-column PWM baseline — with a
// default-size ARGMINN (F=8, W=15, H=32, NH=4, nL=1) on the engine's default backend.
import type { Bench } from './types';
import { Argminn, DEFAULT_ARGMINN } from '../src/core/model/argminn';
import { selectBackend } from '../src/core/model/backend';
import { makeGates } from '../src/core/grammar/instances';
import { meanActivation } from '../src/core/grammar/call-model';
import { pairWindows } from '../src/core/variants/pairs';
import { scoreEffects } from '../src/core/variants/effects';
import { pwmDeltas } from '../src/core/variants/pwm-baseline';
import { predictBatches } from '../src/core/model/infer';
import { revcomp } from '../src/core/seq/alphabet';
import { Rng } from '../src/core/seq/random';

export const benches: Bench[] = [
  {
    name: 'variants.pairs',
    run: async () => {
      const be = await selectBackend();
      const model = new Argminn({ ...DEFAULT_ARGMINN }, undefined, 3);
      const rng = new Rng(2);
      const n = Number(process.env.VARIANTS_BENCH_N ?? 2000), L = 200;
      const refs = Array.from({ length: n }, (_, i) => ({ name: `p${i}`, codes: Uint8Array.from({ length: L }, () => rng.int(4)) }));
      const alts = refs.map((r) => { const a = r.codes.slice(); for (let k = 0; k < 3; k++) { const p = 80 + rng.int(40); a[p] = (a[p] + 1 + rng.int(3)) % 4; } return { name: r.name, codes: a }; });
      const motifs = Array.from({ length: 8 }, (_, f) => ({ filter: f, name: `F${f}`, passes: true, rcTwin: f % 2 ? f - 1 : f + 1, trimStart: 2, trimEnd: 13 }));
      const gates = makeGates(motifs, await meanActivation(model, refs.slice(0, 300).map((r) => r.codes)), 8, 15);
      const pwm = { name: 'bench', probs: Array.from({ length: 12 }, () => { const r = [rng.next(), rng.next(), rng.next(), rng.next()]; const s = r[0] + r[1] + r[2] + r[3]; return r.map((x) => x / s); }) };
      const run = async (window: number) => {
        const t0 = performance.now();
        const { windows } = await pairWindows(refs, alts, { window, W: 15 });
        const tFit = performance.now();
        const scored = await scoreEffects(model, windows, gates, { bothStrands: true });
        const tScore = performance.now();
        pwmDeltas(pwm, windows);
        const tEnd = performance.now();
        return { total: (tEnd - t0) / 1000, fit: (tFit - t0) / 1000, score: (tScore - tFit) / 1000, pwm: (tEnd - tScore) / 1000, instances: scored.reduce((s, v) => s + v.lost.length + v.gained.length, 0) };
      };
      await scoreEffects(model, (await pairWindows(refs.slice(0, 128), alts.slice(0, 128), { window: L, W: 15 })).windows, gates); // warm-up
      const a = await run(L), b = await run(101);
      // the bare model passes the scoring needs (ref, alt and their reverse complements, with r and
      // attention), to tell the model's cost from the calling/comparison around it
      const tb = performance.now();
      const all = refs.flatMap((r, i) => [r.codes, alts[i].codes]);
      for (const batch of [all, all.map((x) => revcomp(x))]) for await (const o of predictBatches(model, batch, { withR: true, withAttention: true, batchSize: 128 })) void o;
      const bare = (performance.now() - tb) / 1000;
      model.dispose();
      const per10k = (s: number) => +(s * 10_000 / n).toFixed(2);
      return {
        bench: 'variants.pairs', value: per10k(a.total), unit: 'seconds per 10,000 pairs of 200 bp', backend: be.name, pairs: n, changesPerPair: 3,
        split: { fit: per10k(a.fit), scoreBothStrands: per10k(a.score), pwmBaseline: per10k(a.pwm) }, lostOrGained: a.instances, fitted101: per10k(b.total), modelPassesOnly: per10k(bare),
      };
    },
  },
];
