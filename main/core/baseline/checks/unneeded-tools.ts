// Tools a runtime image does not need and an intruder does, found as regular files in the
// executable directories (a busybox applet symlink is not counted: it is one multi-call binary).
// Short on purpose: each entry is there for one reason, below.
import type { ImageFile } from '../../../../shared/model/image';
import type { ItemCheck } from './item-check';
import { baseName, fileEvidence } from './file-evidence';

const BIN_DIR = /^(?:usr\/(?:local\/)?)?s?bin\/[^/]+$/;

const TOOLS: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /^sudo$/, why: 'sudo: setuid root, a privilege-escalation path; use USER and gosu/su-exec at build time' },
  // Versioned and target-prefixed names: gcc-12, x86_64-linux-gnu-gcc-12 are the real binaries.
  { pattern: /^(?:[\w.-]+-)?(?:gcc|cc|clang)(?:-[\d.]+)?$/, why: 'compiler: builds exploits inside the container' },
  { pattern: /^(?:nc|netcat|ncat|socat)(?:\.(?:openbsd|traditional))?$/, why: 'network relay: reverse shells and port forwarding' },
  { pattern: /^nmap$/, why: 'network scanner: maps the cluster network from inside' },
  { pattern: /^tcpdump$/, why: 'packet capture: reads other workloads\' traffic' },
  { pattern: /^(?:gdb|strace)$/, why: 'debugger/tracer: reads and alters other processes\' memory and syscalls' },
];

export function checkUnneededTools(files: readonly ImageFile[]): ItemCheck {
  const evidence = [];
  for (const file of files) {
    if (!BIN_DIR.test(file.path)) continue;
    const name = baseName(file.path);
    const tool = TOOLS.find((t) => t.pattern.test(name));
    if (tool) evidence.push(fileEvidence(file, tool.why));
  }
  return { evidence };
}
