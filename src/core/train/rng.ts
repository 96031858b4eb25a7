// Seeded, serialisable PRNG for training (init, shuffles): sfc32 seeded via splitmix32.
// Unlike src/core/seq/random.ts it exposes its full state so a checkpoint can resume the exact stream.

export type RngState = [number, number, number, number];

export class TrainRng {
  private s: Int32Array = new Int32Array(4);
  constructor(seed = 1) {
    let x = seed >>> 0;
    const sm = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) | 0;
    };
    this.s[0] = sm(); this.s[1] = sm(); this.s[2] = sm(); this.s[3] = sm() | 1;
    for (let i = 0; i < 12; i++) this.u32();
  }
  u32(): number {
    const s = this.s;
    const t = (((s[0] + s[1]) | 0) + s[3]) | 0;
    s[3] = (s[3] + 1) | 0;
    s[0] = s[1] ^ (s[1] >>> 9);
    s[1] = (s[2] + (s[2] << 3)) | 0;
    s[2] = (s[2] << 21) | (s[2] >>> 11);
    s[2] = (s[2] + t) | 0;
    return t >>> 0;
  }
  /** Uniform in [0,1). */
  next(): number { return this.u32() / 4294967296; }
  /** Uniform integer in [0,n). */
  int(n: number): number { return Math.floor(this.next() * n); }
  uniform(lo: number, hi: number): number { return lo + (hi - lo) * this.next(); }
  /** In-place Fisher–Yates shuffle. */
  shuffle<T extends { length: number; [i: number]: any }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) { const j = this.int(i + 1); const t = a[i]; a[i] = a[j]; a[j] = t; }
    return a;
  }
  getState(): RngState { return [this.s[0], this.s[1], this.s[2], this.s[3]]; }
  setState(st: RngState): void { for (let i = 0; i < 4; i++) this.s[i] = st[i] | 0; }
  static fromState(st: RngState): TrainRng { const r = new TrainRng(0); r.setState(st); return r; }
}
