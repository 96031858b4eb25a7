// Time left in a training run, from the epochs finished so far in this session: "estimating"
// (null) until the first epoch ends, then the mean duration of the latest epochs times the epochs
// still to go. The first steps carry the start-up cost (compiling kernels, warming caches), so the
// first epoch is timed from its second half (or first tenth) on and scaled up, and left out once a second epoch is
// measured; later epochs can be slower (penalties switch on), so only the last three count.
export class EpochEta {
  private readonly ends: { x: number; t: number }[] = [];
  private anchor: { x: number; t: number } | null = null;

  /**
   * t0: when training started in this session (ms); total: the run's planned epochs; validShare:
   * the validation pass's work relative to an epoch's training steps (its first run compiles the
   * inference kernels, so the first epoch's validation is estimated from this share, not timed).
   */
  constructor(private readonly t0: number, private readonly total: number, private readonly validShare = 0) {}

  /** Call on training progress: x = fractional epoch reached, now in ms. */
  step(x: number, now: number): void {
    if (this.ends.length) return;
    // time the steps from the first tenth, and from half-way once there (kernels are still warming up early on)
    const f = x - Math.floor(x);
    if ((!this.anchor && f >= 0.1) || (this.anchor && this.anchor.x - Math.floor(this.anchor.x) < 0.5 && f >= 0.5 && f < 0.7)) this.anchor = { x, t: now };
    this.lastStep = { x, t: now };
  }
  private lastStep: { x: number; t: number } | null = null;

  /** Call when an epoch (training + validation) has finished: x = epochs done, now in ms. */
  epochEnded(x: number, now: number): void {
    this.ends.push({ x, t: now });
  }

  /** Seconds left at fractional epoch x (e.g. 3.4 = 40 % into the 4th), or null while estimating. */
  secondsLeft(x: number): number | null {
    if (!this.ends.length) return null;
    let perEpoch: number;
    if (this.ends.length === 1) {
      // training steps timed from the first tenth to the last step, plus the validation's share
      const e = this.ends[0], a = this.anchor, l = this.lastStep;
      if (a && l && l.x - a.x > 0.25) perEpoch = ((l.t - a.t) / (l.x - a.x)) * (e.x - Math.floor(a.x)) * (1 + this.validShare);
      else perEpoch = e.t - this.t0;
    } else {
      const d = this.ends.slice(1).map((e, i) => (e.t - this.ends[i].t) / Math.max(1e-9, e.x - this.ends[i].x)).slice(-3);
      perEpoch = d.reduce((p, q) => p + q, 0) / d.length;
    }
    return Math.max(0, ((this.total - x) * perEpoch) / 1000);
  }
}
