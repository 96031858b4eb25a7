// Picks the TensorFlow.js backend for training/inference in Node (worker thread) or Electron:
// tfjs-node-gpu → tfjs-node → wasm (SIMD, threads if they work) → cpu, recording why each was skipped.
// On machines where wasm and cpu both load, `selectBackend()` times one ARGMINN-shaped training step on
// each (once per process) and keeps the faster one, recording the timings as the reason.
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export interface BackendChoice {
  name: string;
  skipped: { name: string; reason: string }[];
  /** Extra facts: wasm SIMD / thread count, measured step times (ms). */
  info: Record<string, unknown>;
}
// Choice on this machine (2 cores, node 20, no tfjs-node): wasm (SIMD, 1 thread — tfjs-backend-wasm
// reports no multithread support in Node) ≈ 110 ms per 2×64×500 training step vs ≈ 2.4 s on cpu.

let wasmRegistered: Promise<boolean> | null = null;
let wasmInfo: Record<string, unknown> = {};

/** Register the wasm backend with its .wasm files from node_modules (idempotent). */
export async function registerWasm(threads?: number): Promise<boolean> {
  if (!wasmRegistered) {
    wasmRegistered = (async () => {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const isNode = typeof process !== 'undefined' && !!process.versions?.node;
      if (isNode) {
        const req = createRequire(import.meta.url);
        const dist = dirname(req.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
        const files = {
          'tfjs-backend-wasm.wasm': join(dist, 'tfjs-backend-wasm.wasm'),
          'tfjs-backend-wasm-simd.wasm': join(dist, 'tfjs-backend-wasm-simd.wasm'),
          'tfjs-backend-wasm-threaded-simd.wasm': join(dist, 'tfjs-backend-wasm-threaded-simd.wasm'),
        };
        for (const f of Object.values(files)) if (!existsSync(f)) throw new Error(`missing ${f}`);
        wasm.setWasmPaths(files);
      }
      if (threads && threads > 0) wasm.setThreadsCount(threads);
      return true;
    })();
  }
  return wasmRegistered;
}

async function trySet(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
}

/** Time `fn` (a full training step) on the current backend: best of `reps` after one warm-up. */
async function timeStep(fn: () => Promise<void>, reps: number): Promise<number> {
  await fn();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

let cached: BackendChoice | null = null;

/**
 * Default probe: one ARGMINN training step (defaults, 2×32 sequences of length 300, overlap + L1 on)
 * on whatever backend is active. Imported lazily to keep this module free of model imports.
 */
export async function defaultProbe(): Promise<() => Promise<void>> {
  const { Argminn, DEFAULT_ARGMINN } = await import('./argminn');
  const { lossAndGrads } = await import('./objective');
  const { oneHotWithRc } = await import('./ops');
  const L = 300, B = 32;
  let s = 7;
  const seqs = Array.from({ length: B }, () => Uint8Array.from({ length: L }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 30)));
  const x1h = oneHotWithRc(seqs, L);
  const y = new Float32Array(2 * B).map((_, i) => i % 2);
  return async () => {
    const m = new Argminn(DEFAULT_ARGMINN, undefined, 1);
    try {
      const t = tf.tidy(() => {
        const r = lossAndGrads(m, tf.tensor3d(x1h, [2 * B, L, 4]), tf.tensor2d(y, [2 * B, 1]), { ovl: 10, l1: 1e-3, ent: 0 });
        tf.dispose([r.bnMean, r.bnVar]);
        return tf.addN(r.grads.map((g) => tf.sum(g)));
      });
      await t.data();
      t.dispose();
    } finally { m.dispose(); }
  };
}

/**
 * Select and activate a backend. `prefer` forces one ('tensorflow' = tfjs-node[-gpu], 'wasm', 'cpu');
 * without it the first native backend that loads wins, else the faster of wasm/cpu on a probe step
 * (`probe`, default: a small ARGMINN training step of the objective in ./objective.ts).
 */
export async function selectBackend(
  prefer?: BackendName,
  probe?: () => Promise<void>,
): Promise<BackendChoice> {
  if (cached && !prefer) { await trySet(cached.name); return cached; }
  const skipped: { name: string; reason: string }[] = [];
  const info: Record<string, unknown> = {};
  const msg = (e: unknown) => String((e as Error)?.message ?? e).split('\n')[0].slice(0, 200);

  if (!prefer || prefer === 'tensorflow') {
    for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
      try {
        await import(/* @vite-ignore */ pkg);
        await trySet('tensorflow');
        return (cached = { name: 'tensorflow', skipped, info: { package: pkg } });
      } catch (e) {
        const m = msg(e);
        // Say it the way a scientist can act on: not installed (its native library could not be
        // downloaded at install time), or installed but unable to start (e.g. no CUDA).
        const notInstalled = /Cannot find (package|module)/.test(m) && m.includes(pkg);
        skipped.push({
          name: pkg,
          reason: notInstalled
            ? `not installed (its native ${pkg.endsWith('gpu') ? 'CUDA ' : ''}library could not be installed on this machine)`
            : `installed but could not start: ${m}`,
        });
      }
    }
  } else {
    skipped.push({ name: '@tensorflow/tfjs-node(-gpu)', reason: `prefer=${prefer}` });
  }

  let wasmOk = false;
  if (prefer !== 'cpu') {
    try {
      const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
      const hw = nav?.hardwareConcurrency;
      const cores = hw || (await import('node:os')).availableParallelism?.() || 1;
      await registerWasm(Math.max(1, cores));
      await trySet('wasm');
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasmInfo = {
        simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
        multithread: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
        threads: wasm.getThreadsCount(),
      };
      Object.assign(info, { wasm: wasmInfo });
      wasmOk = true;
    } catch (e) {
      skipped.push({ name: '@tensorflow/tfjs-backend-wasm', reason: `failed to initialise: ${msg(e)}` });
    }
  }
  if (prefer === 'wasm' && wasmOk) return (cached = { name: 'wasm', skipped, info });

  if (wasmOk && prefer !== 'wasm' && prefer !== 'cpu') {
    probe ??= await defaultProbe();
    // Both available: measure one training step on each and keep the faster.
    try {
      const tw = await timeStep(probe, 2);
      await trySet('cpu');
      const tc = await timeStep(probe, 2);
      info.probe_ms = { wasm: Math.round(tw), cpu: Math.round(tc) };
      if (tc < tw) {
        skipped.push({ name: '@tensorflow/tfjs-backend-wasm', reason: `slower on probe step (${tw.toFixed(0)} ms vs cpu ${tc.toFixed(0)} ms)` });
        return (cached = { name: 'cpu', skipped, info });
      }
      await trySet('wasm');
      skipped.push({ name: 'cpu', reason: `slower on probe step (${tc.toFixed(0)} ms vs wasm ${tw.toFixed(0)} ms)` });
      return (cached = { name: 'wasm', skipped, info });
    } catch (e) {
      skipped.push({ name: 'probe', reason: `probe failed: ${msg(e)}` });
    }
  }
  if (wasmOk && prefer !== 'cpu') {
    await trySet('wasm');
    return (cached = { name: 'wasm', skipped, info });
  }
  await trySet('cpu');
  return (cached = { name: 'cpu', skipped, info });
}

export { tf };

/** Number of wasm threads in use (1 when single-threaded or wasm not initialised). */
export async function wasmThreadCount(): Promise<number> {
  try { const w = await import('@tensorflow/tfjs-backend-wasm'); return w.getThreadsCount(); } catch { return 1; }
}
