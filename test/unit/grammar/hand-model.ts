// A hand-built ARGMINN for grammar tests: filter k is the log-odds matrix of motif k (forward), and
// optionally filter K+k its reverse complement (an RC twin); the conv bias lets a filter fire only on
// good matches; the attention logit is κ·Σ_f r_f (so attention peaks on motif instances); the
// output is a monotone function of the attention-pooled activation, calibrated so that a sequence
// without motifs scores ≈ −4 logits and one with a full-strength instance ≈ +4.
import { Argminn, DEFAULT_ARGMINN, paramSpecs, type ArgminnConfig } from '../../../src/core/model/argminn';
import { predict } from '../../../src/core/model/infer';

export function logOdds(probs: number[][]): number[][] {
  return probs.map((r) => r.map((p) => Math.log2((p * 20 + 0.025) / 20.1 / 0.25)));
}
const rcMat = (m: number[][]) => m.slice().reverse().map((r) => [r[3], r[2], r[1], r[0]]);

export interface HandModel { model: Argminn; W: number; F: number; nMotifs: number; twins: boolean }

function weights(cfg: ArgminnConfig, filters: number[][][], fireFraction: number, kappa: number, outW: number, outB: number): Map<string, Float32Array> {
  const { F, W, H, S } = cfg;
  const w = new Map<string, Float32Array>();
  for (const s of paramSpecs(cfg)) w.set(s.name, new Float32Array(s.shape.reduce((a, b) => a * b, 1)).fill(s.init === 'ones' ? 1 : 0));
  const conv = w.get('conv.w')!, bias = w.get('conv.b')!;
  filters.forEach((m, f) => {
    const off = Math.floor((W - m.length) / 2);
    let max = 0;
    for (let i = 0; i < m.length; i++) { for (let c = 0; c < 4; c++) conv[((off + i) * 4 + c) * F + f] = m[i][c]; max += Math.max(...m[i]); }
    bias[f] = -fireFraction * max;
  });
  const tok = w.get('tok.w')!;
  for (let f = 0; f < F; f++) for (let e = 0; e < H; e++) tok[f * H + e] = 1;
  w.get('L0.q.b')!.fill(kappa);
  const eye = (name: string) => { const a = w.get(name)!; for (let i = 0; i < H; i++) a[i * H + i] = 1; };
  eye('L0.k.w'); eye('L0.v.w');
  w.get('L0.o.w')![0] = 1;            // o[0] = pooled activation of head 0's first dim
  w.get('L0.o.b')![1] = 1;            // a constant reference so LayerNorm keeps the magnitude
  w.get('L0.mlp1.w')![0] = 1; w.get('L0.mlp1.b')![0] = 10;
  w.get('L0.mlp2.w')![0] = 1; w.get('L0.mlp2.b')![1] = 1;
  void S;
  w.get('out.w')![0] = outW; w.get('out.b')![0] = outB;
  w.set('bn.runMean', new Float32Array(F)); w.set('bn.runVar', new Float32Array(F).fill(1 - 1e-5));
  return w;
}

/**
 * Build the model for `motifs` (PFMs). `calibrate`: a background sequence and one carrying a
 * strong instance, used to set the output scale.
 */
export async function handModel(motifs: number[][][], opts: { twins?: boolean; W?: number; fireFraction?: number; kappa?: number; calibrate: [Uint8Array | Uint8Array[], Uint8Array | Uint8Array[]] }): Promise<HandModel> {
  const twins = opts.twins ?? true;
  const filters = motifs.map(logOdds);
  if (twins) for (const m of motifs) filters.push(rcMat(logOdds(m)));
  const W = opts.W ?? Math.max(...motifs.map((m) => m.length)) + 2;
  const cfg: ArgminnConfig = { ...DEFAULT_ARGMINN, F: filters.length, W, nL: 1, NH: 4, H: 32 };
  const ff = opts.fireFraction ?? 0.6, kappa = opts.kappa ?? 1;
  let model = new Argminn(cfg, weights(cfg, filters, ff, kappa, 1, 0));
  const group = (g: Uint8Array | Uint8Array[]) => (Array.isArray(g) ? g : [g]);
  const mean = async (g: Uint8Array[]) => { const { logits } = await predict(model, g); let s = 0; for (const v of logits) s += v; return s / g.length; };
  const l0 = await mean(group(opts.calibrate[0])), l1 = await mean(group(opts.calibrate[1]));
  if (!(Math.abs(l1 - l0) > 1e-6)) throw new Error('hand model: the calibration groups score the same');
  model.dispose();
  const scale = 8 / (l1 - l0);
  model = new Argminn(cfg, weights(cfg, filters, ff, kappa, scale, -scale * (l0 + l1) / 2));
  return { model, W, F: filters.length, nMotifs: motifs.length, twins };
}
