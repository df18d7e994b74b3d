// Writes resources/baseline/common-passwords.json: the 1,000 most frequent passwords of
// @zxcvbn-ts/language-common's 'passwords-common' dictionary (MIT), in its frequency order.
// The baseline check tries these against /etc/shadow hashes. Run: node scripts/generate-common-passwords.mjs
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { dictionary } = require('@zxcvbn-ts/language-common');
const { version } = require('@zxcvbn-ts/language-common/package.json');

const COUNT = 1000;
const seen = new Set();
for (const word of dictionary['passwords-common']) {
  if (typeof word === 'string' && word !== '' && !seen.has(word)) seen.add(word);
  if (seen.size === COUNT) break;
}
if (seen.size !== COUNT) throw new Error(`only ${seen.size} passwords in the source list`);

const out = {
  source: `@zxcvbn-ts/language-common ${version}, dictionary 'passwords-common' (frequency order), first ${COUNT}`,
  licence: 'MIT (Copyright (c) 2012-2016 Dan Wheeler and Dropbox, Inc.; Copyright (c) 2021 @zxcvbn-ts)',
  passwords: [...seen],
};
const target = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'baseline', 'common-passwords.json');
writeFileSync(target, `${JSON.stringify(out, null, 1)}\n`);
console.log(`wrote ${COUNT} passwords to ${path.relative(process.cwd(), target)}`);
