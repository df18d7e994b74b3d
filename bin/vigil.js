#!/usr/bin/env node
// Entry point installed as `vigil`; the code is the bundled CLI in dist/.
const fs = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'dist', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error('vigil: not built yet; run `npm ci` (or `npm run build`) in ' + path.resolve(__dirname, '..'));
  process.exit(2);
}
require(cli).main(process.argv);
