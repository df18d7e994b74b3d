// One daemon setting as dockerd sees it: a command-line flag, else daemon.json, else the
// built-in default — but only when both places could be looked at; otherwise it is unknown,
// with the reason.
import type { DaemonConfigFile } from './daemon-config-file';
import type { DaemonLookup } from './daemon-command-line';

export type SettingValue = { known: true; value: unknown; source: string } | { known: false; reason: string };

export interface DaemonSources {
  daemon: DaemonLookup;
  configFile: DaemonConfigFile;
}

function flagValue(raw: string): unknown {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return raw;
}

/** `flag` is the long flag name; `key` the daemon.json key (usually the same). */
export function daemonSetting(sources: DaemonSources, flag: string, defaultValue: unknown, key = flag): SettingValue {
  const { daemon, configFile } = sources;
  if (daemon.found) {
    const values = daemon.process.flags.get(flag);
    if (values?.length) return { known: true, value: values.length === 1 ? flagValue(values[0]!) : values.map(flagValue), source: `dockerd command line (pid ${daemon.process.pid})` };
  }
  if (configFile.state === 'read' && key in configFile.config) return { known: true, value: configFile.config[key], source: configFile.path };
  const gaps: string[] = [];
  if (!daemon.found) gaps.push(`the dockerd command line is not visible: ${daemon.reason}`);
  if (configFile.state === 'unreadable') gaps.push(configFile.reason);
  if (gaps.length) return { known: false, reason: gaps.join('; ') };
  return {
    known: true,
    value: defaultValue,
    source: `dockerd's default (not on its command line, ${configFile.state === 'absent' ? `no ${configFile.path}` : `not in ${configFile.path}`})`,
  };
}
