import path from 'node:path';

/** The renderer build, relative to the bundled CLI (dist/main/cli.js → dist/renderer). */
export function rendererDir(): string {
  return process.env.VIGIL_RENDERER_DIR ?? path.resolve(__dirname, '..', 'renderer');
}
