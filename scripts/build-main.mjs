// Bundle the Node side with esbuild: the CLI, Electron's main process and its preload.
// npm packages stay external (better-sqlite3 is native; electron-builder packs node_modules),
// except in the preload, which runs sandboxed and may only require 'electron'.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: { cli: 'main/cli/index.ts' }, outdir: 'dist/main', packages: 'external' }),
  build({ ...common, entryPoints: { main: 'main/electron/main.ts' }, outdir: 'dist/main/electron', packages: 'external' }),
  build({ ...common, entryPoints: { preload: 'main/electron/preload.ts' }, outdir: 'dist/main/electron', external: ['electron'] }),
]);
