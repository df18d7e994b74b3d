// Installed gems, checked against RubyGems itself (`gem list --local`) over every gem directory
// of this machine's Ruby (`gem env gempath`): Debian's ruby package ships default gems
// (specifications/default), bundled gems, and rubygems-integration specs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGemspecPath, parseGemspec, readRubyString, rubyGemspecAnalyzer } from './ruby-gemspec';
import { feed, gate, hasCommand, run } from './testing';

const GEM = hasCommand('gem') && hasCommand('ruby');
const mode = gate(GEM);
if (mode === 'skip') console.warn('skipping RubyGems oracle: ruby/gem not found (apt-get install ruby)');
if (mode === 'fail') it('ruby is installed', () => expect.fail('ruby/gem not found and CI is set'));

describe.runIf(mode === 'run')("this machine's gems, against gem list --local", () => {
  it('the same name/version pairs', async () => {
    const gemPath = (run('gem', ['env', 'gempath']) ?? '').trim().split(':').filter(Boolean);
    const files: string[] = [];
    for (const dir of gemPath) {
      for (const sub of ['specifications', 'specifications/default']) {
        const d = path.join(dir, sub);
        if (!existsSync(d)) continue;
        for (const f of readdirSync(d)) if (f.endsWith('.gemspec')) files.push(path.join(d, f));
      }
    }
    const ours = new Set<string>();
    for (const file of files) {
      const out = await feed(rubyGemspecAnalyzer, file.slice(1), readFileSync(file));
      expect(out, file).not.toBeNull();
      expect(out?.notes, file).toBeUndefined();
      for (const p of out?.packages ?? []) {
        ours.add(`${p.name} ${p.version}`);
        expect(p.purl).toBe(`pkg:gem/${p.name}@${p.version}`);
      }
    }
    // "rake (13.0.6)", "json (default: 2.6.1)", "x (2.0, 1.0)", "y (default: 1.0, 0.9)"
    const listed = new Set<string>();
    for (const line of (run('gem', ['list', '--local']) ?? '').split('\n')) {
      const open = line.indexOf(' (');
      if (open < 0 || !line.endsWith(')')) continue;
      const name = line.slice(0, open);
      for (const v of line.slice(open + 2, -1).split(',')) listed.add(`${name} ${v.replace('default:', '').trim()}`);
    }
    expect(listed.size).toBeGreaterThan(20);
    expect([...ours].sort()).toEqual([...listed].sort());
  });

  it('licenses as the specs declare them (rake: MIT; webrick: Ruby, BSD-2-Clause)', async () => {
    const rake = '/usr/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec';
    if (!existsSync(rake)) return;
    const out = await feed(rubyGemspecAnalyzer, rake.slice(1), readFileSync(rake));
    expect(out?.packages?.[0]?.licenses).toEqual(['MIT']);
    expect(out?.ownedPrefixes).toEqual(['usr/lib/ruby/gems/3.1.0/gems/rake-13.0.6/']);
  });
});

describe('gemspec parsing', () => {
  it('the shape Gem::Specification#to_ruby writes', async () => {
    const text = [
      '# -*- encoding: utf-8 -*-',
      '# stub: nokogiri 1.15.4 x86_64-linux lib',
      '',
      'Gem::Specification.new do |s|',
      '  s.name = "nokogiri".freeze',
      '  s.version = "1.15.4"',
      '  s.platform = "x86_64-linux".freeze',
      '  s.required_rubygems_version = Gem::Requirement.new(">= 0".freeze) if s.respond_to? :required_rubygems_version=',
      '  s.rubygems_version = "3.4.10".freeze',
      '  s.licenses = ["MIT".freeze, "Apache-2.0".freeze]',
      'end',
    ].join('\n');
    const out = await feed(rubyGemspecAnalyzer, 'usr/local/bundle/specifications/nokogiri-1.15.4-x86_64-linux.gemspec', text);
    expect(out).toEqual({
      packages: [
        {
          type: 'gem',
          name: 'nokogiri',
          version: '1.15.4',
          namespace: null,
          purl: 'pkg:gem/nokogiri@1.15.4',
          licenses: ['MIT', 'Apache-2.0'],
          path: 'usr/local/bundle/specifications/nokogiri-1.15.4-x86_64-linux.gemspec',
          sourceName: null,
          sourceVersion: null,
          arch: null,
          installedBy: null,
        },
      ],
      ownedPrefixes: ['usr/local/bundle/gems/nokogiri-1.15.4-x86_64-linux/'],
    });
  });

  it('older and hand-written forms', () => {
    expect(parseGemspec("Gem::Specification.new do |spec|\n  spec.name = 'old'\n  spec.version = Gem::Version.new(\"0.9.1\")\n  spec.license = 'BSD'\nend\n")).toEqual({
      name: 'old',
      version: '0.9.1',
      licenses: ['BSD'],
    });
    expect(parseGemspec('s.name = "w"\ns.version = "1"\ns.licenses = %w[MIT GPL-2.0]\n').licenses).toEqual(['MIT', 'GPL-2.0']);
    // The stub line when the assignments are missing; == comparisons are not assignments.
    expect(parseGemspec('# stub: thing 2.0.0 ruby lib\nif s.name == "x" then end\n')).toEqual({ name: 'thing', version: '2.0.0', licenses: [] });
    expect(readRubyString('"a\\"b\\\\c\\u00e9\\u{1F600}"', 0)?.value).toBe('a"b\\cé😀');
    expect(readRubyString("'it\\'s'", 0)?.value).toBe("it's");
  });

  it('only specifications/*.gemspec and specifications/default/*.gemspec', () => {
    expect(isGemspecPath('var/lib/gems/3.1.0/specifications/rack-3.0.0.gemspec')).toBe(true);
    expect(isGemspecPath('usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec')).toBe(true);
    expect(isGemspecPath('app/myapp.gemspec')).toBe(false);
    expect(isGemspecPath('var/lib/gems/3.1.0/gems/rack-3.0.0/rack.gemspec')).toBe(false);
    expect(isGemspecPath('specifications/.gemspec')).toBe(false);
  });

  it('garbage gives a note naming the file', async () => {
    expect(await feed(rubyGemspecAnalyzer, 'g/specifications/x-1.gemspec', 'raise "boom"\n')).toEqual({ notes: ['g/specifications/x-1.gemspec: no gem name/version found, skipped'] });
    expect(await feed(rubyGemspecAnalyzer, 'g/specifications/x-1.gemspec', Buffer.from([1, 0, 2, 0xff, 0xfe]))).toEqual({
      notes: ['g/specifications/x-1.gemspec: no gem name/version found, skipped'],
    });
    // An unterminated string and a huge line: no hang.
    const t = performance.now();
    parseGemspec(`s.name = "${'x'.repeat(500_000)}\ns.licenses = [${'"a", '.repeat(100_000)}\n${' '.repeat(200_000)}s.version`);
    expect(performance.now() - t).toBeLessThan(300);
  });
});
