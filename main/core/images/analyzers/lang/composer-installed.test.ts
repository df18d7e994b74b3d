// vendor/composer/installed.json in the two shapes Composer writes (4-space JSON with escaped
// slashes, as Composer's JsonFile::encode does): Composer 2's object with install-path and
// dev-package-names, and Composer 1's bare array.
import { describe, expect, it } from 'vitest';
import { composerInstalledAnalyzer } from './composer-installed';
import { feed } from './testing';

const COMPOSER2 = `{
    "packages": [
        {
            "name": "monolog/monolog",
            "version": "3.5.0",
            "version_normalized": "3.5.0.0",
            "source": {
                "type": "git",
                "url": "https:\\/\\/github.com\\/Seldaek\\/monolog.git",
                "reference": "c915e2634718dbc8a4a15c61b0e62e7a44e14448"
            },
            "dist": {
                "type": "zip",
                "url": "https:\\/\\/api.github.com\\/repos\\/Seldaek\\/monolog\\/zipball\\/c915e2634718dbc8a4a15c61b0e62e7a44e14448",
                "reference": "c915e2634718dbc8a4a15c61b0e62e7a44e14448",
                "shasum": ""
            },
            "require": {
                "php": ">=8.1",
                "psr\\/log": "^2.0 || ^3.0"
            },
            "time": "2023-10-27T15:32:31+00:00",
            "type": "library",
            "installation-source": "dist",
            "autoload": {
                "psr-4": {
                    "Monolog\\\\": "src\\/Monolog"
                }
            },
            "notification-url": "https:\\/\\/packagist.org\\/downloads\\/",
            "license": [
                "MIT"
            ],
            "description": "Sends your logs to files, sockets, inboxes, databases and various web services",
            "install-path": "..\\/monolog\\/monolog"
        },
        {
            "name": "psr/log",
            "version": "3.0.0",
            "version_normalized": "3.0.0.0",
            "type": "library",
            "installation-source": "dist",
            "license": [
                "MIT"
            ],
            "install-path": "..\\/psr\\/log"
        },
        {
            "name": "symfony/polyfill-mbstring",
            "version": "v1.28.0",
            "version_normalized": "1.28.0.0",
            "type": "library",
            "license": [
                "MIT",
                "GPL-2.0-or-later"
            ],
            "install-path": "..\\/symfony\\/polyfill-mbstring"
        },
        {
            "name": "acme/meta",
            "version": "dev-main",
            "version_normalized": "dev-main",
            "type": "metapackage",
            "install-path": null
        },
        {
            "name": "phpunit/phpunit",
            "version": "10.5.5",
            "version_normalized": "10.5.5.0",
            "type": "library",
            "license": [
                "BSD-3-Clause"
            ],
            "install-path": "..\\/phpunit\\/phpunit"
        }
    ],
    "dev": true,
    "dev-package-names": [
        "phpunit/phpunit"
    ]
}
`;

const COMPOSER1 = `[
    {
        "name": "guzzlehttp/guzzle",
        "version": "6.5.5",
        "version_normalized": "6.5.5.0",
        "type": "library",
        "installation-source": "dist",
        "license": [
            "MIT"
        ]
    },
    {
        "name": "laravel/framework",
        "version": "v5.8.38",
        "version_normalized": "5.8.38.0",
        "type": "library",
        "license": "MIT"
    }
]
`;

describe('composer installed.json', () => {
  it('Composer 2: packages, vendor as namespace, licenses, install paths as owned prefixes', async () => {
    const out = await feed(composerInstalledAnalyzer, 'var/www/html/vendor/composer/installed.json', COMPOSER2);
    expect(out?.notes).toBeUndefined();
    expect(out?.packages?.map((p) => [p.namespace, p.name, p.version, p.purl, p.licenses])).toEqual([
      ['monolog', 'monolog', '3.5.0', 'pkg:composer/monolog/monolog@3.5.0', ['MIT']],
      ['psr', 'log', '3.0.0', 'pkg:composer/psr/log@3.0.0', ['MIT']],
      ['symfony', 'polyfill-mbstring', 'v1.28.0', 'pkg:composer/symfony/polyfill-mbstring@v1.28.0', ['MIT', 'GPL-2.0-or-later']],
      ['acme', 'meta', 'dev-main', 'pkg:composer/acme/meta@dev-main', []],
      ['phpunit', 'phpunit', '10.5.5', 'pkg:composer/phpunit/phpunit@10.5.5', ['BSD-3-Clause']],
    ]);
    expect(out?.packages?.every((p) => p.type === 'composer' && p.path === 'var/www/html/vendor/composer/installed.json')).toBe(true);
    expect(out?.ownedPrefixes).toEqual([
      'var/www/html/vendor/monolog/monolog/',
      'var/www/html/vendor/psr/log/',
      'var/www/html/vendor/symfony/polyfill-mbstring/',
      'var/www/html/vendor/phpunit/phpunit/',
    ]);
  });

  it('Composer 1: a bare array; license as a string; vendor/<name>/ as the prefix', async () => {
    const out = await feed(composerInstalledAnalyzer, 'vendor/composer/installed.json', COMPOSER1);
    expect(out?.packages?.map((p) => `${p.namespace}/${p.name}@${p.version} ${p.licenses.join(',')}`)).toEqual(['guzzlehttp/guzzle@6.5.5 MIT', 'laravel/framework@v5.8.38 MIT']);
    expect(out?.ownedPrefixes).toEqual(['vendor/guzzlehttp/guzzle/', 'vendor/laravel/framework/']);
  });

  it('only vendor/composer/installed.json', () => {
    const wants = (p: string) => composerInstalledAnalyzer.wants({ path: p, size: 1, mode: 0o644 }, Buffer.alloc(0));
    expect(wants('app/vendor/composer/installed.json')).toBe(true);
    expect(wants('app/composer.lock')).toBe(false);
    expect(wants('app/vendor/composer/installed.php')).toBe(false);
    expect(wants('app/myvendor/composer/installed.json')).toBe(false);
  });

  it('garbage and odd entries give notes naming the file', async () => {
    const p = 'app/vendor/composer/installed.json';
    expect(await feed(composerInstalledAnalyzer, p, COMPOSER2.slice(0, 500))).toEqual({ notes: [expect.stringMatching(/^app\/vendor\/composer\/installed\.json: not valid JSON/)] });
    expect(await feed(composerInstalledAnalyzer, p, '{"dev": true}')).toEqual({ notes: [expect.stringMatching(/^app\/vendor\/composer\/installed\.json: neither/)] });
    expect(await feed(composerInstalledAnalyzer, p, '[{"name":"noslash","version":"1"},{"name":"a/b"},null,{"name":"a/b","version":"2.0","install-path":"../../../../../x"}]')).toEqual({
      packages: [expect.objectContaining({ namespace: 'a', name: 'b', version: '2.0' })],
      notes: ['app/vendor/composer/installed.json: 3 entries without a vendor/name and version skipped'],
    });
  });
});
