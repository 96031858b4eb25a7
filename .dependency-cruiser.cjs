// The floor plan of the code, checked (`npm run lint:layers`, and inside `npm test`).
// src/core is a ladder: each folder imports only itself and folders on lower floors (type-only
// imports count too). docs/architecture.md draws the same ladder; change both together.
// The process rules: core never imports the app shells (main, preload, server), the renderer or UI
// packages; the renderer imports only src/shared and browser packages (no node: builtins, no core);
// src/shared imports nothing of ours but itself. Every rule is an error: one violation fails the run.

/** Floors of src/core, lowest first. A folder may import folders of strictly lower floors. */
const LADDER = [
  ['seq'], // plus src/core/version.ts, a root file anyone may import
  ['io', 'pwm', 'model', 'store'],
  ['jobs'],
  ['data'],
  ['train', 'interpret'],
  ['motifs', 'cluster'],
  ['grammar'],
  ['variants', 'design', 'compare'],
  ['export'],
  ['app'],
];

const ALL = LADDER.flat();
const alt = (names) => `(${names.join('|')})`;

const ladderRules = LADDER.flatMap((floor, i) =>
  floor.map((folder) => {
    const notBelow = ALL.filter((f) => f !== folder && LADDER.findIndex((fl) => fl.includes(f)) >= i);
    return {
      name: `core-ladder-${folder}`,
      severity: 'error',
      comment: `src/core/${folder} (floor ${i}) may import only folders on lower floors: ${LADDER.slice(0, i).flat().join(', ') || 'none'}.`,
      from: { path: `^src/core/${folder}/` },
      to: { path: `^src/core/${alt(notBelow)}/` },
    };
  }),
);

/** Packages of the user interface (and the desktop shell): never in the engine. */
const UI_PACKAGES = ['electron', 'vue', 'vue-router', 'pinia', 'echarts', '@vue/[^/]+'];
/** Packages the renderer may import (browser-only code). */
const BROWSER_PACKAGES = ['vue', 'vue-router', 'pinia', 'echarts', 'zod', '@vue/[^/]+'];
const pkg = (names) => `(^|/)node_modules/${alt(names)}/|^${alt(names)}(/|$)`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...ladderRules,
    {
      name: 'core-folder-has-a-floor',
      severity: 'error',
      comment: 'Every folder of src/core sits on the ladder: add a new folder to LADDER in .dependency-cruiser.cjs (and docs/architecture.md).',
      from: { path: `^src/core/(?!${alt(ALL)}/)[^/]+/` },
      to: { path: '^src/core/' },
    },
    {
      name: 'core-root-files-import-no-folder',
      severity: 'error',
      comment: 'Files at the root of src/core (version.ts) sit below every floor.',
      from: { path: '^src/core/[^/]+$' },
      to: { path: '^src/core/[^/]+/' },
    },
    {
      name: 'core-not-to-shells-or-ui',
      severity: 'error',
      comment: 'The engine runs in Node (main process, server, worker): it never imports the shells, the renderer or UI packages.',
      from: { path: '^src/core/' },
      to: { path: [`^src/${alt(['main', 'preload', 'renderer', 'server', 'cli'])}/`, pkg(UI_PACKAGES)] },
    },
    {
      name: 'cli-only-app-and-shared',
      severity: 'error',
      comment: 'The headless engine (src/cli) is a shell like the server: it reaches the engine only through src/core/app (dispatch, the service) and the contract in src/shared.',
      from: { path: '^src/cli/' },
      to: { path: ['^src/core/(?!app/)', `^src/${alt(['main', 'preload', 'renderer', 'server'])}/`, pkg(UI_PACKAGES)] },
    },
    {
      name: 'renderer-not-to-node-or-core',
      severity: 'error',
      comment: 'The renderer talks to the engine only through the contract in src/shared; it has no Node.',
      from: { path: '^src/renderer/' },
      to: { path: `^src/${alt(['core', 'main', 'preload', 'server'])}/` },
    },
    {
      name: 'renderer-no-node-builtins',
      severity: 'error',
      comment: 'The renderer runs in a browser: no node: builtins.',
      from: { path: '^src/renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-only-browser-packages',
      severity: 'error',
      comment: `The renderer imports only browser packages (${BROWSER_PACKAGES.join(', ')}); add one here when it is truly browser code.`,
      from: { path: '^src/renderer/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: pkg(BROWSER_PACKAGES) },
    },
    {
      name: 'shared-imports-only-shared',
      severity: 'error',
      comment: 'src/shared is the contract used by every process: it imports nothing of ours but itself, and no node: builtins.',
      from: { path: '^src/shared/' },
      to: { path: '^src/(?!shared/)' },
    },
    {
      name: 'shared-no-node-builtins',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular-in-core',
      severity: 'error',
      comment: 'No runtime import loop inside src/core, not even within one folder (a type-only import may point back).',
      from: { path: '^src/core/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: require('node:path').join(__dirname, 'tsconfig.base.json') },
    enhancedResolveOptions: {
      extensions: ['.ts', '.mjs', '.js', '.vue', '.json'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    exclude: { path: '(^|/)node_modules/' },
  },
};
