// Run the built `vigil` CLI as a user would, with its own VIGIL_HOME.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const vigilBin = path.resolve(__dirname, '../../bin/vigil.js');

export function runVigil(args: string[], env: NodeJS.ProcessEnv = {}, timeout = 60_000) {
  const result = spawnSync(process.execPath, [vigilBin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  openUrl: string;
  token: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Start `vigil serve` and wait for the URL it prints. */
export function startServe(args: string[], env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const child = spawn(process.execPath, [vigilBin, 'serve', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vigil serve printed no URL in 30 s:\n${out}`)), 30_000);
    const check = () => {
      const match = out.match(/Open: (http:\/\/\S+\?token=(\S+))/);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve({ child, openUrl: match[1]!, url: match[1]!.split('?')[0]!, token: decodeURIComponent(match[2]!), output: () => out, stop });
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`vigil serve exited with ${code}:\n${out}`));
    });
  });
}
