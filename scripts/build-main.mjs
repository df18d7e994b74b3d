// Bundle the Node side with esbuild: the CLI, Electron's main process and its preload.
// npm packages stay external (better-sqlite3 is native; electron-builder packs node_modules),
// except in the preload, which runs sandboxed and may only require 'electron', and in the
// digest worker, which runs from outside the asar archive.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: { cli: 'main/cli/index.ts' }, outdir: 'dist/main', packages: 'external' }),
  build({ ...common, entryPoints: { main: 'main/electron/main.ts' }, outdir: 'dist/main/electron', packages: 'external' }),
  build({ ...common, entryPoints: { preload: 'main/electron/preload.ts' }, outdir: 'dist/main/electron', external: ['electron'] }),
  // The layer digest worker thread (off-thread-digest.ts finds it beside the CLI bundle, or one
  // level up from Electron's): self-contained, as it runs unpacked from the asar archive.
  build({ ...common, entryPoints: { 'digest-worker': 'main/core/images/layers/digest-worker.ts' }, outdir: 'dist/main' }),
]);
