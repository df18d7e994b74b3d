// `npm start`: the desktop app where Electron's binary is installed; otherwise say so and open
// the same UI in the browser through `vigil serve`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const passthrough = process.argv.slice(2);

function electronBinary() {
  try {
    return require('electron'); // the path of the binary; throws when it was never downloaded
  } catch (error) {
    return { missing: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}

const binary = electronBinary();
const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
if (typeof binary === 'string' && !headless) {
  const child = spawn(binary, ['.', ...passthrough], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const why = typeof binary === 'string' ? 'there is no display here' : `Electron's binary is not installed here (${binary.missing})`;
  console.log(`Vigil desktop cannot start: ${why}.`);
  console.log('Opening the same UI through `vigil serve` instead (Ctrl-C to stop).\n');
  const child = spawn(process.execPath, ['bin/vigil.js', 'serve', '--open', ...passthrough], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
