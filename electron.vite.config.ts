import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';
import { resolve } from 'node:path';

// CISGRAM_OUT lets parallel work (or CI) build into its own folder; the app finds its parts relative to itself.
const out = process.env.CISGRAM_OUT ?? 'out';
const alias = { '@shared': resolve('src/shared'), '@core': resolve('src/core') };

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: `${out}/main`,
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          server: resolve('src/server/cli.ts'),
          cli: resolve('src/cli/index.ts'),
          'engine-worker': resolve('src/core/app/worker/worker.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: `${out}/preload`,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    resolve: { alias },
    plugins: [vue()],
    build: {
      outDir: resolve(`${out}/renderer`),
      chunkSizeWarningLimit: 2000,
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
