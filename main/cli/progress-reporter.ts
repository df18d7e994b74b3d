// Progress of long CLI work on stderr: a redrawn bar on a terminal, plain lines in pipelines.

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** A bar redrawn in place on a terminal; otherwise a line per 10% (or a new stage). */
export function progressPrinter(stderr: ProgressStream): { progress: (fraction: number | null, message: string) => void; done(): void } {
  const tty = Boolean(stderr.isTTY);
  let lastPct = -1;
  let lastLine = '';
  let drawn = false;
  return {
    progress(fraction, message) {
      const pct = fraction === null ? null : Math.floor(fraction * 100);
      if (tty) {
        const width = 24;
        const filled = pct === null ? 0 : Math.round((pct / 100) * width);
        const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct === null ? '  ?' : String(pct).padStart(3)}% `;
        const room = Math.max(10, (stderr.columns ?? 80) - bar.length - 1);
        const text = message.length > room ? `${message.slice(0, room - 1)}…` : message;
        stderr.write(`\r${bar}${text}\x1b[K`);
        drawn = true;
        return;
      }
      const stage = message.replace(/[\d.,]+/g, '#');
      if (pct !== null && Math.floor(pct / 10) === Math.floor(lastPct / 10) && stage === lastLine && pct !== 100) return;
      lastPct = pct ?? lastPct;
      lastLine = stage;
      stderr.write(`vigil: ${pct === null ? '' : `${pct}% `}${message}\n`);
    },
    done() {
      if (tty && drawn) stderr.write('\r\x1b[K');
    },
  };
}
