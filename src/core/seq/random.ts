// The one seeded PRNG of the engine, shared by every core module that needs reproducible randomness
// (shuffles, simulation, negative sampling, splits, model initialisation, training order). sfc32 state
// seeded from a 32-bit integer via splitmix32, so the same seed gives the same stream on every
// platform; its state can be read and restored so a training checkpoint resumes the exact stream.
// TrainRng is the same generator with the integer draw training has always used (⌊next()·n⌋), kept
// so that a seed trains the same model and saved checkpoints resume as before.

/** The generator's four sfc32 words (after seeding), as stored in training checkpoints. */
export type RngState = [number, number, number, number];

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = NaN;

  constructor(seed = 1) {
    const sm = splitmix32(seed);
    this.a = sm(); this.b = sm(); this.c = sm(); this.d = sm() | 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n), exactly unbiased, for 1 ≤ n ≤ 2^32 (Lemire's multiply-and-reject for n < 2^21). */
  int(n: number): number {
    if (n <= 1) return 0;
    if (n < 2097152) {
      let m = this.u32() * n; // exact: < 2^53
      let l = m >>> 0;
      if (l < n) {
        const t = (4294967296 - n) % n;
        while (l < t) { m = this.u32() * n; l = m >>> 0; }
      }
      return Math.floor(m / 4294967296);
    }
    if (n > 4294967296) return Math.floor(this.next() * n);
    const limit = 4294967296 - (4294967296 % n);
    let x: number;
    do x = this.u32(); while (x >= limit);
    return x % n;
  }

  /** Standard normal deviate (Marsaglia polar method). */
  normal(mean = 0, sd = 1): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = NaN;
      return mean + sd * s;
    }
    let u: number, v: number, s: number;
    do {
      u = this.next() * 2 - 1;
      v = this.next() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return mean + sd * u * f;
  }

  /** In-place Fisher–Yates shuffle of [start, end). */
  shuffle<T extends { length: number; [i: number]: any }>(arr: T, start = 0, end = arr.length): T {
    for (let i = end - 1; i > start; i--) {
      const j = start + this.int(i - start + 1);
      const t = arr[i]; arr[i] = arr[j]; arr[j] = t;
    }
    return arr;
  }

  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** A new independent generator derived from this one (for sub-tasks). */
  fork(): Rng {
    return new Rng(this.u32());
  }

  /** The generator's state (a pending normal() spare is not part of it). */
  getState(): RngState {
    return [this.a | 0, this.b | 0, this.c | 0, this.d | 0];
  }

  setState(st: RngState): void {
    this.a = st[0] | 0; this.b = st[1] | 0; this.c = st[2] | 0; this.d = st[3] | 0;
    this.spare = NaN;
  }
}

/** The training generator: the same stream, with training's historical integer draw ⌊next()·n⌋. */
export class TrainRng extends Rng {
  /** Uniform integer in [0, n). */
  override int(n: number): number {
    return Math.floor(this.next() * n);
  }

  static fromState(st: RngState): TrainRng {
    const r = new TrainRng(0);
    r.setState(st);
    return r;
  }
}

export function rng(seed = 1): Rng {
  return new Rng(seed);
}
