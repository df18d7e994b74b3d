// Maven artifacts in Java archives. Oracles: `unzip` on the real jars Debian installs
// (/usr/share/java, /usr/share/maven/lib: every pom.properties must come out as one package);
// war/ear/Spring Boot archives built here with `zip` around those real jars; the Snyk java image
// fixture (jars in a real layer); and zip bombs, lying headers and truncations built here.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEAD_BYTES } from '../analyzer';
import { artifactFromFileName, coordinatesFromManifest, createJavaArchiveAnalyzer, javaArchiveAnalyzer, parseManifest, parseProperties } from './java-archive';
import { feed, gate, hasCommand, run, runOrThrow } from './testing';

const UNZIP = hasCommand('unzip') && hasCommand('zip');
const JAR_DIRS = ['/usr/share/java', '/usr/share/maven/lib'];
const HAVE_JARS = existsSync('/usr/share/maven/lib/maven-core-3.x.jar') || existsSync('/usr/share/java/commons-io.jar');
const mode = gate(UNZIP && HAVE_JARS);
if (mode === 'skip') console.warn('skipping Java archive oracle tests: zip/unzip or Debian jars (apt-get install maven zip unzip) not found');
if (mode === 'fail') it('zip, unzip and maven are installed', () => expect.fail('zip/unzip or /usr/share/maven/lib jars missing and CI is set'));

const FIXTURES = process.env.VIGIL_FIXTURES ?? path.resolve(__dirname, '../../../../../../shared/fixtures');
const SNYK_JAVA = path.join(FIXTURES, 'images/snyk/java.tar');
const fixtureMode = gate(existsSync(SNYK_JAVA));
if (fixtureMode === 'skip') console.warn(`skipping the Snyk java image fixture: ${SNYK_JAVA} not found (set VIGIL_FIXTURES)`);
if (fixtureMode === 'fail') it('the Snyk java image fixture is present', () => expect.fail(`${SNYK_JAVA} not found and CI is set`));

function realJars(): string[] {
  const seen = new Set<string>();
  for (const dir of JAR_DIRS) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.jar')) continue;
      const p = path.join(dir, f);
      if (!existsSync(p)) continue; // dangling symlink
      seen.add(realpathSync(p));
    }
  }
  return [...seen].sort();
}

/** What unzip says: each META-INF/maven/<g>/<a>/pom.properties as g:a:v. */
function unzipPoms(jar: string): string[] {
  const names = (run('unzip', ['-Z1', jar]) ?? '').split('\n').filter((n) => /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/.test(n));
  return names.map((n) => {
    const text = execFileSync('unzip', ['-p', jar, n], { encoding: 'utf8' });
    const kv = new Map<string, string>();
    for (const line of text.split('\n')) {
      const m = /^\s*(groupId|artifactId|version)\s*[=:]\s*(.*?)\s*$/.exec(line);
      if (m) kv.set(m[1] as string, m[2] as string);
    }
    return `${kv.get('groupId')}:${kv.get('artifactId')}:${kv.get('version')}`;
  });
}

const gav = (p: { namespace: string | null; name: string; version: string }) => `${p.namespace}:${p.name}:${p.version}`;

describe.runIf(mode === 'run')("Debian's jars, against unzip", () => {
  const jars = realJars();
  it('there are many', () => expect(jars.length).toBeGreaterThan(30));

  it('every pom.properties is one package, in archive order; others fall back to the manifest or file name', async () => {
    let withPom = 0;
    for (const jar of jars) {
      const buf = readFileSync(jar);
      const out = await feed(javaArchiveAnalyzer, jar.slice(1), buf);
      expect(out, jar).not.toBeNull();
      expect(out?.notes, jar).toBeUndefined();
      const expected = unzipPoms(jar);
      const got = (out?.packages ?? []).map(gav);
      if (expected.length) {
        withPom++;
        expect(got, jar).toEqual(expected);
      } else {
        expect(got.length, jar).toBeLessThanOrEqual(1);
      }
      for (const p of out?.packages ?? []) {
        expect(p.type).toBe('maven');
        expect(p.path).toBe(jar.slice(1));
      }
      if (got.length) expect(out?.ownedPaths).toEqual([jar.slice(1)]);
    }
    expect(withPom).toBeGreaterThan(30);
  });

  it('jars without pom.properties: manifest, then file name', async () => {
    const cases: Array<[string, string]> = [
      // Bundle-SymbolicName com.google.inject, Bundle-Name guice, Bundle-Version 4.2.3
      ['/usr/share/java/guice-no-aop-4.2.3.jar', 'com.google:guice:4.2.3'],
      // Bundle-SymbolicName javax.inject, Bundle-Version 1.0.0 (Bundle-Name has spaces)
      ['/usr/share/java/atinject-jsr330-api-1.0.jar', 'javax:inject:1.0.0'],
      // An empty manifest: the file name
      ['/usr/share/java/aopalliance-1.0.jar', 'null:aopalliance:1.0'],
    ];
    for (const [jar, expected] of cases) {
      if (!existsSync(jar)) continue;
      const out = await javaArchiveAnalyzer.analyze({ path: jar.slice(1), size: 0, mode: 0o644 }, readFileSync(jar));
      expect((out.packages ?? []).map(gav), jar).toEqual([expected]);
    }
    const file = await javaArchiveAnalyzer.analyze({ path: 'x/aopalliance-1.0.jar', size: 0, mode: 0o644 }, readFileSync('/usr/share/java/aopalliance-1.0.jar'));
    // No groupId: the purl uses the artifactId as its namespace (purl requires one for maven).
    expect(file.packages?.[0]?.purl).toBe('pkg:maven/aopalliance/aopalliance@1.0');
  });
});

describe.runIf(mode === 'run')('wars, ears and Spring Boot jars built here around real jars', () => {
  let dir = '';
  const lib = (name: string) => realpathSync(path.join('/usr/share/maven/lib', name));
  const pick = ['commons-io.jar', 'commons-lang3.jar', 'guava.jar', 'slf4j-api.jar'].filter((j) => existsSync(path.join('/usr/share/maven/lib', j)));

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-java-'));
    const tree = (root: string, files: Record<string, string | Buffer>) => {
      for (const [rel, data] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        writeFileSync(path.join(root, rel), data);
      }
    };
    // app.war: WEB-INF/lib with real jars, its own pom.properties.
    const war = path.join(dir, 'war');
    tree(war, {
      'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\r\nCreated-By: test\r\n\r\n',
      'META-INF/maven/com.example/shop/pom.properties': '#Generated by Maven\ngroupId=com.example\nartifactId=shop\nversion=2.3.4\n',
      'WEB-INF/web.xml': '<web-app/>',
      'WEB-INF/classes/com/example/App.class': Buffer.from([0xca, 0xfe, 0xba, 0xbe]),
      ...Object.fromEntries(pick.slice(0, 2).map((j) => [`WEB-INF/lib/${j}`, readFileSync(lib(j))])),
    });
    runOrThrow('zip', ['-qr', path.join(dir, 'shop.war'), '.'], { cwd: war });
    // app.ear: the war as a module, lib/ with another real jar.
    const ear = path.join(dir, 'ear');
    tree(ear, {
      'META-INF/application.xml': '<application/>',
      'shop.war': readFileSync(path.join(dir, 'shop.war')),
      ...Object.fromEntries(pick.slice(2).map((j) => [`lib/${j}`, readFileSync(lib(j))])),
    });
    runOrThrow('zip', ['-qr', path.join(dir, 'shop.ear'), '.'], { cwd: ear });
    // Spring Boot: BOOT-INF/lib stored uncompressed (zip -0), as the Boot plugin writes it.
    const boot = path.join(dir, 'boot');
    tree(boot, {
      'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\nMain-Class: org.springframework.boot.loader.JarLauncher\nImplementation-Title: svc\nImplementation-Version: 0.0.1-SNAPSHOT\n\n',
      ...Object.fromEntries(pick.map((j) => [`BOOT-INF/lib/${j}`, readFileSync(lib(j))])),
    });
    runOrThrow('zip', ['-0', '-qr', path.join(dir, 'svc-0.0.1-SNAPSHOT.jar'), '.'], { cwd: boot });
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a war: its own package and each WEB-INF/lib jar, named by the path inside', async () => {
    const out = await feed(javaArchiveAnalyzer, 'opt/shop.war', readFileSync(path.join(dir, 'shop.war')));
    expect(out?.notes).toBeUndefined();
    const expected = ['opt/shop.war com.example:shop:2.3.4'];
    for (const j of pick.slice(0, 2)) for (const g of unzipPoms(lib(j))) expected.push(`opt/shop.war!/WEB-INF/lib/${j} ${g}`);
    expect(new Set(out?.packages?.map((p) => `${p.path} ${gav(p)}`))).toEqual(new Set(expected));
    expect(out?.ownedPaths).toEqual(['opt/shop.war']);
  });

  it('an ear: the war inside it, the war’s jars, and lib/ jars', async () => {
    const out = await feed(javaArchiveAnalyzer, 'opt/shop.ear', readFileSync(path.join(dir, 'shop.ear')));
    expect(out?.notes).toBeUndefined();
    const expected = ['opt/shop.ear!/shop.war com.example:shop:2.3.4'];
    for (const j of pick.slice(0, 2)) for (const g of unzipPoms(lib(j))) expected.push(`opt/shop.ear!/shop.war!/WEB-INF/lib/${j} ${g}`);
    for (const j of pick.slice(2)) for (const g of unzipPoms(lib(j))) expected.push(`opt/shop.ear!/lib/${j} ${g}`);
    expect(new Set(out?.packages?.map((p) => `${p.path} ${gav(p)}`))).toEqual(new Set(expected));
  });

  it('a Spring Boot jar: BOOT-INF/lib (stored) and the app from its manifest', async () => {
    const out = await feed(javaArchiveAnalyzer, 'app/svc-0.0.1-SNAPSHOT.jar', readFileSync(path.join(dir, 'svc-0.0.1-SNAPSHOT.jar')));
    expect(out?.notes).toBeUndefined();
    const got = out?.packages?.map((p) => `${p.path} ${gav(p)}`) ?? [];
    expect(got[0]).toBe('app/svc-0.0.1-SNAPSHOT.jar null:svc:0.0.1-SNAPSHOT');
    const expected = pick.flatMap((j) => unzipPoms(lib(j)).map((g) => `app/svc-0.0.1-SNAPSHOT.jar!/BOOT-INF/lib/${j} ${g}`));
    expect(new Set(got.slice(1))).toEqual(new Set(expected));
  });

  it('depth and byte limits end in notes, with what was read kept', async () => {
    const ear = readFileSync(path.join(dir, 'shop.ear'));
    const shallow = await createJavaArchiveAnalyzer({ maxDepth: 1 }).analyze({ path: 'opt/shop.ear', size: ear.length, mode: 0o644 }, ear);
    expect(shallow.notes).toEqual([expect.stringMatching(/^opt\/shop\.ear!\/shop\.war: 2 nested archive\(s\) deeper than 1 levels not read$/)]);
    expect(shallow.packages?.some((p) => p.path === 'opt/shop.ear!/shop.war')).toBe(true);
    const poor = await createJavaArchiveAnalyzer({ maxTotalBytes: 200_000 }).analyze({ path: 'opt/shop.ear', size: ear.length, mode: 0o644 }, ear);
    expect(poor.notes?.some((n) => /not read: .*over the limit.*zip bomb/.test(n))).toBe(true);
  });
});

describe.runIf(mode === 'run')('zip bombs and broken archives', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-jbomb-'));
    // 64 MiB of zeros deflates to ~64 KiB: a nested "jar" that would fill memory.
    writeFileSync(path.join(dir, 'zeros.jar'), Buffer.alloc(64 * 1024 * 1024));
    runOrThrow('zip', ['-q', '-9', path.join(dir, 'bomb.jar'), 'zeros.jar'], { cwd: dir });
    rmSync(path.join(dir, 'zeros.jar'));
    // A nesting chain seven deep: j7.jar holds j6.jar … holds j1.jar (with a pom.properties).
    mkdirSync(path.join(dir, 'chain/META-INF/maven/g/a'), { recursive: true });
    writeFileSync(path.join(dir, 'chain/META-INF/maven/g/a/pom.properties'), 'groupId=g\nartifactId=a\nversion=1\n');
    runOrThrow('zip', ['-qr', path.join(dir, 'j1.jar'), 'META-INF'], { cwd: path.join(dir, 'chain') });
    for (let i = 2; i <= 7; i++) runOrThrow('zip', ['-q', `j${i}.jar`, `j${i - 1}.jar`], { cwd: dir });
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a nested entry that inflates past the budget is a note, quickly', async () => {
    const bomb = readFileSync(path.join(dir, 'bomb.jar'));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const t = performance.now();
    const out = await createJavaArchiveAnalyzer({ maxTotalBytes: 8 * 1024 * 1024 }).analyze({ path: 'x/bomb.jar', size: bomb.length, mode: 0o644 }, bomb);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(out.notes).toEqual([expect.stringMatching(/^x\/bomb\.jar!\/zeros\.jar: not read: 67108864 bytes uncompressed, over the limit/)]);
  });

  it('a header that understates the size: cut off by the stream check, a note', async () => {
    const bomb = Buffer.from(readFileSync(path.join(dir, 'bomb.jar')));
    // Patch the uncompressed size (local header offset 22, central directory offset 24) to 1000.
    bomb.writeUInt32LE(1000, 22);
    const cd = bomb.lastIndexOf(Buffer.from([0x50, 0x4b, 1, 2]));
    bomb.writeUInt32LE(1000, cd + 24);
    const out = await javaArchiveAnalyzer.analyze({ path: 'x/liar.jar', size: bomb.length, mode: 0o644 }, bomb);
    expect(out.packages).toBeUndefined();
    expect(out.notes).toEqual([expect.stringMatching(/^x\/liar\.jar!\/zeros\.jar: not read: /)]);
  });

  it('nesting deeper than the limit stops with a note', async () => {
    const j7 = readFileSync(path.join(dir, 'j7.jar'));
    const out = await javaArchiveAnalyzer.analyze({ path: 'j7.jar', size: j7.length, mode: 0o644 }, j7);
    expect(out.packages).toBeUndefined();
    expect(out.notes).toEqual(['j7.jar!/j6.jar!/j5.jar!/j4.jar!/j3.jar: 1 nested archive(s) deeper than 4 levels not read']);
    const deep = await createJavaArchiveAnalyzer({ maxDepth: 6 }).analyze({ path: 'j7.jar', size: j7.length, mode: 0o644 }, j7);
    expect(deep.packages?.map((p) => `${p.path} ${gav(p)}`)).toEqual(['j7.jar!/j6.jar!/j5.jar!/j4.jar!/j3.jar!/j2.jar!/j1.jar g:a:1']);
  });

  it('truncated and fake archives give notes naming the file', async () => {
    const real = readFileSync(realJars().find((j) => j.endsWith('commons-io.jar')) ?? realJars()[0] ?? '/dev/null');
    for (const cut of [4, 100, real.length >> 1, real.length - 10]) {
      const out = await feed(javaArchiveAnalyzer, 'lib/cut.jar', real.subarray(0, cut));
      expect(out?.packages).toBeUndefined();
      expect(out?.notes?.[0]).toMatch(/^lib\/cut\.jar: not a readable zip archive/);
    }
    const fake = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 0x41)]);
    expect((await feed(javaArchiveAnalyzer, 'lib/fake.war', fake))?.notes?.[0]).toMatch(/^lib\/fake\.war: not a readable zip archive/);
  });
});

describe.runIf(fixtureMode === 'run' && hasCommand('tar'))('the Snyk java image (jars in a real layer)', () => {
  it('finds the jars a layer walk would offer, and nothing from the 0-byte one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-snyk-java-'));
    try {
      runOrThrow('tar', ['-xzf', SNYK_JAVA, '-C', dir]);
      const layer = readdirSync(dir).find((d) => existsSync(path.join(dir, d, 'layer.tar')));
      const root = path.join(dir, 'rootfs');
      mkdirSync(root);
      runOrThrow('tar', ['-xzf', path.join(dir, layer as string, 'layer.tar'), '-C', root]);
      const found: string[] = [];
      const walk = async (d: string) => {
        for (const name of readdirSync(d).sort()) {
          const p = path.join(d, name);
          const st = lstatSync(p);
          if (st.isDirectory()) await walk(p);
          else if (st.isFile()) {
            const rel = path.relative(root, p);
            const buf = readFileSync(p);
            if (!javaArchiveAnalyzer.wants({ path: rel, size: st.size, mode: st.mode & 0o7777 }, buf.subarray(0, HEAD_BYTES))) continue;
            const out = await javaArchiveAnalyzer.analyze({ path: rel, size: st.size, mode: st.mode & 0o7777 }, buf);
            expect(out.notes).toBeUndefined();
            for (const pkg of out.packages ?? []) found.push(`${pkg.path} ${gav(pkg)}`);
          }
        }
      };
      await walk(root);
      expect(found).toEqual([
        // MANIFEST only: Implementation-Vendor-Id com.sun, Implementation-Version 1.1.1, title with spaces → file name
        'app/activation-1.1.1.jar com.sun:activation:1.1.1',
        'libs/aopalliance-repackaged-2.5.0.jar org.glassfish.hk2.external:aopalliance-repackaged:2.5.0',
        'libs/audience-annotations-0.5.0.jar org.apache.yetus:audience-annotations:0.5.0',
        'usr/gradle/caches/activation-1.1.1.jar com.sun:activation:1.1.1',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('metadata parsing', () => {
  it('file names', () => {
    expect(artifactFromFileName('commons-io-2.11.0.jar')).toEqual({ artifactId: 'commons-io', version: '2.11.0' });
    expect(artifactFromFileName('log4j-1.2-api-2.17.1.jar')).toEqual({ artifactId: 'log4j-1.2-api', version: '2.17.1' });
    expect(artifactFromFileName('guava-31.1-jre.jar')).toEqual({ artifactId: 'guava', version: '31.1-jre' });
    expect(artifactFromFileName('spring-core-5.3.30-rc-1.jar')).toEqual({ artifactId: 'spring-core', version: '5.3.30-rc-1' });
    expect(artifactFromFileName('jetty-util-9.4.51.v20230217.jar')).toEqual({ artifactId: 'jetty-util', version: '9.4.51.v20230217' });
    expect(artifactFromFileName('bcprov-jdk15on-1.70.jar')).toEqual({ artifactId: 'bcprov-jdk15on', version: '1.70' });
    expect(artifactFromFileName('commons-io.jar')).toBeNull();
    expect(artifactFromFileName(`${'a-'.repeat(50_000)}1.jar`)?.version).toBeUndefined();
  });

  it('manifests: continuation lines, main section only, case-insensitive keys', () => {
    const mf = parseManifest('Manifest-Version: 1.0\r\nBundle-SymbolicName: org.apache.commons.co\r\n llections4;singleton:=true\r\nbundle-version: 4.4.0\r\n\r\nName: x\r\nImplementation-Version: 9\r\n');
    expect(mf.get('bundle-symbolicname')).toBe('org.apache.commons.collections4;singleton:=true');
    expect(mf.get('implementation-version')).toBeUndefined();
    expect(coordinatesFromManifest(mf, 'x.jar')).toEqual({ groupId: 'org.apache.commons', artifactId: 'collections4', version: '4.4.0' });
    expect(coordinatesFromManifest(parseManifest('Created-By: x\n'), 'y-1.0.jar')).toBeNull();
  });

  it('properties: comments, both separators, continuations, escapes', () => {
    const p = parseProperties('#c\n! c\ngroupId = org.x\nartifactId:lib\nversion=1.\\\n  2.3\nkey\\=with=eq\n');
    expect([...p]).toEqual([
      ['groupId', 'org.x'],
      ['artifactId', 'lib'],
      ['version', '1.2.3'],
      ['key=with', 'eq'],
    ]);
  });

  it('wants: archive names with zip magic only', () => {
    const zipHead = Buffer.from('PK\x03\x04rest');
    const w = (p: string, head: Buffer) => javaArchiveAnalyzer.wants({ path: p, size: 10, mode: 0o644 }, head);
    expect(w('app/x.jar', zipHead)).toBe(true);
    expect(w('app/x.WAR', zipHead)).toBe(true);
    expect(w('app/x.ear', zipHead)).toBe(true);
    expect(w('app/x.zip', zipHead)).toBe(false);
    expect(w('app/x.jar', Buffer.alloc(0))).toBe(false);
    expect(w('app/x.rar', Buffer.from('Rar!\x1a\x07'))).toBe(false);
  });
});
