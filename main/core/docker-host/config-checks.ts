// Daemon checks that need the daemon's own settings (its command line, daemon.json), which only
// a local engine's host has, and which `docker info` does not report.
import type { HostCheckResult } from '../../../shared/checks/host-check';
import { hostItems, type HostItem } from './cis-host-items';
import { daemonSetting, type DaemonSources, type SettingValue } from './daemon-settings';
import { evaluated, notEvaluated } from './host-check';
import type { EngineInfo } from './info-checks';

function fromSetting(item: HostItem, setting: SettingValue, judge: (value: unknown) => { passed: boolean; evidence: string }): HostCheckResult {
  if (!setting.known) return notEvaluated(item, setting.reason, 'dockerd command line and daemon.json');
  const { passed, evidence } = judge(setting.value);
  return evaluated(item, passed, [evidence], setting.source);
}

const isFalse = (v: unknown) => v === false || v === 'false';
const isTrue = (v: unknown) => v === true || v === 'true';

/** `sources` null: the daemon's files are not on this host, for the reason given. */
export function configChecks(sources: DaemonSources | null, notLocalReason: string | null, info: EngineInfo): HostCheckResult[] {
  const items = [hostItems.logLevel, hostItems.iptables, hostItems.tls, hostItems.noNewPrivileges, hostItems.userlandProxy];
  if (!sources) {
    const reason = notLocalReason ?? 'the daemon is not on this host';
    // Debug mode is the one log-level fact docker info reports.
    return items.map((item) =>
      item === hostItems.logLevel && info.Debug ? evaluated(item, false, ['Debug: true (log level debug)'], 'docker info') : notEvaluated(item, reason, 'dockerd command line and daemon.json'),
    );
  }
  const hosts = daemonSetting(sources, 'host', [], 'hosts');
  const tlsverify = daemonSetting(sources, 'tlsverify', false);
  let tls: HostCheckResult;
  if (!hosts.known) tls = notEvaluated(hostItems.tls, hosts.reason, 'dockerd command line and daemon.json');
  else {
    const list = ([] as unknown[]).concat(hosts.value).map(String);
    const tcp = list.filter((h) => h.startsWith('tcp://'));
    if (tcp.length === 0) tls = evaluated(hostItems.tls, true, [`the daemon listens on no TCP socket (${list.length ? list.join(', ') : 'default unix socket'})`], hosts.source);
    else if (!tlsverify.known) tls = notEvaluated(hostItems.tls, tlsverify.reason, 'dockerd command line and daemon.json');
    else tls = evaluated(hostItems.tls, isTrue(tlsverify.value), [`listens on ${tcp.join(', ')}; tlsverify: ${String(tlsverify.value)}`], `${hosts.source}; ${tlsverify.source}`);
  }
  return [
    fromSetting(hostItems.logLevel, daemonSetting(sources, 'log-level', 'info'), (v) => ({ passed: v === 'info', evidence: `log-level: ${String(v)}` })),
    fromSetting(hostItems.iptables, daemonSetting(sources, 'iptables', true), (v) => ({
      passed: !isFalse(v),
      evidence: isFalse(v) ? 'iptables: false — Docker does not manage the firewall rules for published ports' : 'iptables: true',
    })),
    tls,
    fromSetting(hostItems.noNewPrivileges, daemonSetting(sources, 'no-new-privileges', false), (v) => ({ passed: isTrue(v), evidence: `no-new-privileges: ${String(v)}` })),
    fromSetting(hostItems.userlandProxy, daemonSetting(sources, 'userland-proxy', true), (v) => ({ passed: isFalse(v), evidence: `userland-proxy: ${String(v)}` })),
  ];
}
