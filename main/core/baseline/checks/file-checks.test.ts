import { describe, expect, it } from 'vitest';
import { imageFile } from './image-config.testkit';
import { checkPackageCaches } from './package-caches';
import { checkSetuidFiles, isExpectedSetuid } from './setuid-files';
import { checkUnneededTools } from './unneeded-tools';
import { checkWorldWritable } from './world-writable';

describe('file checks', () => {
  it('SUID/SGID: flags bits outside the expected list, under /bin and /usr/bin alike', () => {
    const files = [imageFile('usr/bin/passwd', 0o104755), imageFile('bin/su', 0o104755), imageFile('usr/sbin/unix_chkpwd', 0o102755, { gid: 42 }), imageFile('usr/local/bin/helper', 0o104755), imageFile('opt/tool', 0o102750, { gid: 50 }), imageFile('usr/bin/both', 0o106755), imageFile('usr/bin/ls', 0o100755)];
    expect(checkSetuidFiles(files).evidence.map((e) => [e.path, e.detail])).toEqual([
      ['usr/local/bin/helper', 'setuid, mode 4755, owner uid 0'],
      ['opt/tool', 'setgid, mode 2750, group gid 50'],
      ['usr/bin/both', 'setuid and setgid, mode 6755, owner uid 0'],
    ]);
    expect(isExpectedSetuid('usr/bin/sudo')).toBe(true);
    expect(isExpectedSetuid('usr/lib/x86_64-linux-gnu/utempter/utempter')).toBe(true);
  });

  it('world-writable: only in system directories', () => {
    const files = [imageFile('usr/bin/tool', 0o100777), imageFile('etc/app.conf', 0o100666), imageFile('tmp/scratch', 0o100666), imageFile('usr/lib/x.so', 0o100755)];
    expect(checkWorldWritable(files).evidence.map((e) => [e.path, e.detail])).toEqual([
      ['usr/bin/tool', 'world-writable, mode 0777'],
      ['etc/app.conf', 'world-writable, mode 0666'],
    ]);
  });

  it('package caches: one evidence per cache with count and size; locks and empty files ignored', () => {
    const files = [
      imageFile('var/cache/apt/archives/curl_8.0_amd64.deb', 0o100644, { size: 300_000 }),
      imageFile('var/cache/apt/archives/libc_2.36_amd64.deb', 0o100644, { size: 3_000_000 }),
      imageFile('var/cache/apt/archives/lock', 0o100640, { size: 0 }),
      imageFile('var/lib/apt/lists/lock', 0o100640, { size: 0 }),
      imageFile('var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4', 0o100644, { size: 9_000_000 }),
      imageFile('var/cache/apk/APKINDEX.abc.tar.gz', 0o100644, { size: 500_000 }),
      imageFile('root/.cache/pip/http/a/b/c', 0o100644, { size: 1000 }),
      imageFile('home/node/.npm/_cacache/content-v2/sha512/aa/bb', 0o100644, { size: 2000 }),
      imageFile('var/cache/dnf/fedora-abc/repodata/primary.xml.zst', 0o100644, { size: 4000 }),
      imageFile('var/cache/dnf/last_makecache', 0o100644, { size: 10 }),
    ];
    expect(checkPackageCaches(files).evidence.map((e) => [e.path, e.detail])).toEqual([
      ['var/cache/apt/archives', 'apt package archives: 2 files, 3.1 MiB (largest var/cache/apt/archives/libc_2.36_amd64.deb)'],
      ['var/lib/apt/lists', 'apt package lists: 1 file, 8.6 MiB (largest var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4)'],
      ['var/cache/apk', 'apk cache: 1 file, 488.3 KiB (largest var/cache/apk/APKINDEX.abc.tar.gz)'],
      ['root/.cache/pip', 'pip cache: 1 file, 1000 B (largest root/.cache/pip/http/a/b/c)'],
      ['home/node/.npm/_cacache', 'npm cache: 1 file, 2.0 KiB (largest home/node/.npm/_cacache/content-v2/sha512/aa/bb)'],
      ['var/cache/dnf', 'yum/dnf cache: 1 file, 3.9 KiB (largest var/cache/dnf/fedora-abc/repodata/primary.xml.zst)'],
    ]);
    expect(checkPackageCaches([imageFile('var/lib/apt/lists/lock', 0o100640, { size: 0 })]).evidence).toEqual([]);
  });

  it('unneeded tools: regular files in bin directories, versioned compiler names included', () => {
    const files = ['usr/bin/sudo', 'usr/bin/x86_64-linux-gnu-gcc-12', 'usr/bin/gcc-ar-12', 'bin/nc.openbsd', 'usr/bin/nmap', 'usr/sbin/tcpdump', 'usr/bin/gdb', 'usr/bin/strace', 'usr/local/bin/socat', 'usr/bin/ls', 'usr/lib/gcc/x86_64-linux-gnu/12/cc1', 'opt/tools/nmap'].map((p) => imageFile(p, 0o100755));
    expect(checkUnneededTools(files).evidence.map((e) => e.path)).toEqual(['usr/bin/sudo', 'usr/bin/x86_64-linux-gnu-gcc-12', 'bin/nc.openbsd', 'usr/bin/nmap', 'usr/sbin/tcpdump', 'usr/bin/gdb', 'usr/bin/strace', 'usr/local/bin/socat']);
  });
});
