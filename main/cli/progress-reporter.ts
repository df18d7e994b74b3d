// Progress of long CLI work on stderr: a redrawn bar on a terminal, plain lines in pipelines.
export function progressReporter(label: string, quiet = false) {
  const tty = process.stderr.isTTY;
  let lastLine = '';
  let lastPercent = -10;
  return {
    update(fraction: number | null, message: string) {
      if (quiet) return;
      const percent = fraction === null ? null : Math.round(fraction * 100);
      if (tty) {
        const width = 30;
        const filled = percent === null ? 0 : Math.round((percent / 100) * width);
        const bar = percent === null ? '…'.padEnd(width) : '#'.repeat(filled).padEnd(width, '.');
        process.stderr.write(`\r${label} [${bar}] ${percent === null ? '' : `${percent}% `}${message}`.slice(0, process.stderr.columns ?? 120).padEnd(lastLine.length));
        lastLine = message;
      } else if (percent === null ? message !== lastLine : percent >= lastPercent + 10) {
        process.stderr.write(`${label}: ${percent === null ? '' : `${percent}% `}${message}\n`);
        lastLine = message;
        if (percent !== null) lastPercent = percent;
      }
    },
    done() {
      if (!quiet && tty) process.stderr.write('\n');
    },
  };
}
