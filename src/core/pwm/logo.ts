// Sequence logos: the pure implementation lives in src/shared/logo.ts (so the renderer can draw
// logos without importing src/core); this re-export keeps the engine's imports stable.
export * from '../../shared/logo';
