// The daemon's configuration file: /etc/docker/daemon.json (rootful), ~/.config/docker/daemon.json
// (rootless), or whatever --config-file names. Often readable only by root.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DaemonFlags } from './daemon-command-line';

export type DaemonConfigFile =
  | { state: 'read'; path: string; config: Record<string, unknown> }
  | { state: 'absent'; path: string }
  | { state: 'unreadable'; path: string; reason: string };

export function daemonConfigPath(flags: DaemonFlags | null, rootless: boolean, env: NodeJS.ProcessEnv = process.env): string {
  const named = flags?.get('config-file')?.at(-1);
  if (named) return named;
  if (rootless) return path.join(env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config'), 'docker', 'daemon.json');
  return '/etc/docker/daemon.json';
}

export function readDaemonConfig(file: string): DaemonConfigFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: 'absent', path: file };
    if (code === 'EACCES' || code === 'EPERM') return { state: 'unreadable', path: file, reason: `needs root to read ${file}` };
    return { state: 'unreadable', path: file, reason: `${file} cannot be read (${(error as Error).message})` };
  }
  try {
    const config = JSON.parse(text) as unknown;
    if (config && typeof config === 'object' && !Array.isArray(config)) return { state: 'read', path: file, config: config as Record<string, unknown> };
    return { state: 'unreadable', path: file, reason: `${file} is not a JSON object` };
  } catch (error) {
    return { state: 'unreadable', path: file, reason: `${file} is not valid JSON (${(error as Error).message}); dockerd refuses to start with it` };
  }
}
