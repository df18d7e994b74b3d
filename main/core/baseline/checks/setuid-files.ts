// SUID/SGID regular files outside a short list of programs that need the bit to do their job
// (changing passwords, su/sudo, mount, ping on old kernels). Listed by path, under both /bin and
// /usr/bin so merged-/usr and split layouts both match.
import type { ImageFile } from '../../../../shared/model/image';
import { capEvidence, type ItemCheck } from './item-check';
import { fileEvidence, octalMode } from './file-evidence';

const S_ISUID = 0o4000;
const S_ISGID = 0o2000;

const EXPECTED = [
  // shadow-utils / login: change passwords and identities.
  'bin/passwd', 'bin/su', 'bin/chsh', 'bin/chfn', 'bin/newgrp', 'bin/gpasswd', 'bin/chage', 'bin/expiry',
  'sbin/unix_chkpwd', 'sbin/pam_timestamp_check', 'bin/sudo',
  // util-linux: mount for users (fstab 'user'), wall/write to terminals (setgid tty).
  'bin/mount', 'bin/umount', 'bin/wall', 'bin/write',
  // iputils ping (older images without file capabilities).
  'bin/ping', 'bin/ping6',
  // OpenSSH agent (setgid, keeps its memory from being read) and host-based auth helper.
  'bin/ssh-agent', 'lib/openssh/ssh-keysign', 'libexec/openssh/ssh-keysign',
  'libexec/utempter/utempter', 'lib/utempter/utempter', 'lib/dbus-1.0/dbus-daemon-launch-helper',
];

const ALLOWED = new Set(EXPECTED.flatMap((p) => [p, `usr/${p}`]));

/** Debian's multiarch library folders (usr/lib/x86_64-linux-gnu/utempter/…) match like lib/. */
export function isExpectedSetuid(path: string): boolean {
  return ALLOWED.has(path) || ALLOWED.has(path.replace(/\/[a-z0-9_]+-linux-(gnu|musl)[a-z0-9_]*\//, '/'));
}

export function checkSetuidFiles(files: readonly ImageFile[]): ItemCheck {
  const evidence = [];
  for (const file of files) {
    const bits = file.mode & (S_ISUID | S_ISGID);
    if (bits === 0 || isExpectedSetuid(file.path)) continue;
    const kind = bits === (S_ISUID | S_ISGID) ? 'setuid and setgid' : bits & S_ISUID ? 'setuid' : 'setgid';
    const owner = bits & S_ISUID ? `owner uid ${file.uid}` : `group gid ${file.gid}`;
    evidence.push(fileEvidence(file, `${kind}, mode ${octalMode(file.mode)}, ${owner}`));
  }
  return { evidence: capEvidence(evidence, 50, 'SUID/SGID files') };
}
