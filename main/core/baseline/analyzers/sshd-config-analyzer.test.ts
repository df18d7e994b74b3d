import { describe, expect, it } from 'vitest';
import { isSshdConfigPath, sshdConfigHits } from './sshd-config-analyzer';

describe('sshd_config analyzer', () => {
  it('reports PermitRootLogin yes and PasswordAuthentication yes, first value wins, Match blocks named', () => {
    const text = ['# PermitRootLogin yes', 'Port 22', 'permitrootlogin=yes', 'PermitRootLogin no', 'PasswordAuthentication no', 'Match Address 10.0.0.0/8', '  PasswordAuthentication yes'].join('\n');
    expect(sshdConfigHits(text)).toEqual([
      { itemId: 'IMG-SSH-ROOT-LOGIN', detail: 'line 3: permitrootlogin yes' },
      { itemId: 'IMG-SSH-PASSWORD-AUTH', detail: 'line 7: PasswordAuthentication yes (in Match Address 10.0.0.0/8)' },
    ]);
  });

  it('accepts safe values and defaults', () => {
    expect(sshdConfigHits('PermitRootLogin prohibit-password\nPasswordAuthentication no\n')).toEqual([]);
    expect(sshdConfigHits('PermitRootLogin without-password\n#PasswordAuthentication yes\n')).toEqual([]);
    expect(sshdConfigHits('')).toEqual([]);
  });

  it('reads sshd_config and its drop-ins only', () => {
    expect(isSshdConfigPath('etc/ssh/sshd_config')).toBe(true);
    expect(isSshdConfigPath('etc/ssh/sshd_config.d/50-cloud.conf')).toBe(true);
    expect(isSshdConfigPath('etc/ssh/ssh_config')).toBe(false);
    expect(isSshdConfigPath('etc/ssh/sshd_config.d/x.bak')).toBe(false);
  });
});
