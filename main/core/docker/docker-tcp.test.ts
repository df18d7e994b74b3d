// tcp:// endpoints against a fake engine on 127.0.0.1: plain, refused, and TLS the way
// `dockerd --tlsverify` runs it (mutual TLS with a private CA), reached through DOCKER_TLS_VERIFY /
// DOCKER_CERT_PATH and through a docker context's TLS folder. Certificates are made by openssl.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DockerChange } from '../../../shared/model/docker';
import { waitUntil } from '../../../tests/support/wait-until';
import { contextHash } from './docker-context';
import { DockerService } from './docker-service';
import { eventLine, FakeEngine, tempDir } from './fake-engine.testkit';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const fast = { pingTimeoutMs: 2000, requestTimeoutMs: 2000, listTimeoutMs: 2000, reconnectInitialMs: 20, reconnectMaxMs: 200 };

function service(env: Record<string, string>, home = tempDir()): DockerService {
  cleanups.push(() => fs.rmSync(home, { recursive: true, force: true }));
  const docker = new DockerService({ env, home, platform: 'linux', timing: fast });
  cleanups.push(() => docker.close());
  return docker;
}

async function engine(address: Parameters<typeof FakeEngine.start>[0]): Promise<FakeEngine> {
  const e = await FakeEngine.start(address, { images: [{ Id: 'sha256:ab', RepoTags: ['over:tcp'], RepoDigests: [], Created: 1, Size: 5 }] });
  cleanups.push(() => e.stop());
  return e;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('plain tcp://', () => {
  it('connects and lists', async () => {
    const fake = await engine({ port: 0 });
    const docker = service({ DOCKER_HOST: fake.dockerHost });
    expect(await docker.status()).toMatchObject({ state: 'connected', endpoint: fake.dockerHost, candidates: [{ endpoint: fake.dockerHost, exists: null }] });
    expect((await docker.listImages({ offset: 0, limit: 5, includeUntagged: true })).rows[0]?.repoTags).toEqual(['over:tcp']);
  });

  it('a port nobody listens on: unreachable, refused', async () => {
    const port = await closedPort();
    const status = await service({ DOCKER_HOST: `tcp://127.0.0.1:${port}` }).status();
    expect(status).toMatchObject({ state: 'unreachable', reason: `127.0.0.1:${port} refused the connection: no engine listens there` });
  });
});

let certs = '';
const openssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    console.warn('[skip] TLS endpoint tests: openssl is not installed, so no test certificates can be made');
    return false;
  }
})();

describe.skipIf(!openssl)('TLS tcp:// (mutual TLS, as dockerd --tlsverify)', () => {
  const pem = (name: string) => fs.readFileSync(path.join(certs, name));
  let serverTls: { key: Buffer; cert: Buffer; ca: Buffer; requestCert: boolean; rejectUnauthorized: boolean };

  beforeAll(() => {
    certs = tempDir('vigil-certs-');
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: certs, stdio: 'pipe' });
    const key = (name: string) => run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', name);
    const ca = (prefix: string) => {
      key(`${prefix}ca-key.pem`);
      run('req', '-x509', '-new', '-key', `${prefix}ca-key.pem`, '-out', `${prefix}ca.pem`, '-days', '2', '-subj', `/CN=${prefix}vigil test CA`);
    };
    const signed = (name: string, cn: string, ext: string, prefix = '') => {
      key(`${name}-key.pem`);
      run('req', '-new', '-key', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
      fs.writeFileSync(path.join(certs, `${name}.ext`), ext);
      run('x509', '-req', '-in', `${name}.csr`, '-CA', `${prefix}ca.pem`, '-CAkey', `${prefix}ca-key.pem`, '-CAcreateserial', '-out', `${name}-cert.pem`, '-days', '2', '-extfile', `${name}.ext`);
    };
    ca('');
    ca('other-');
    signed('server', 'localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
    signed('client', 'vigil', 'extendedKeyUsage=clientAuth\n');
    // What a user's DOCKER_CERT_PATH holds.
    for (const [dir, caFile] of [['client-dir', 'ca.pem'], ['wrong-ca-dir', 'other-ca.pem']] as const) {
      fs.mkdirSync(path.join(certs, dir));
      fs.copyFileSync(path.join(certs, caFile), path.join(certs, dir, 'ca.pem'));
      fs.copyFileSync(path.join(certs, 'client-cert.pem'), path.join(certs, dir, 'cert.pem'));
      fs.copyFileSync(path.join(certs, 'client-key.pem'), path.join(certs, dir, 'key.pem'));
    }
    serverTls = { key: pem('server-key.pem'), cert: pem('server-cert.pem'), ca: pem('ca.pem'), requestCert: true, rejectUnauthorized: true };
  });
  afterAll(() => fs.rmSync(certs, { recursive: true, force: true }));

  it('DOCKER_TLS_VERIFY + DOCKER_CERT_PATH: connected, lists, and the event feed runs over TLS', async () => {
    const fake = await engine({ port: 0, tls: serverTls });
    const docker = service({ DOCKER_HOST: fake.dockerHost, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path.join(certs, 'client-dir') });
    expect(await docker.status()).toMatchObject({ state: 'connected', engine: { product: 'Docker' } });
    expect((await docker.listImages({ offset: 0, limit: 5, includeUntagged: true })).total).toBe(1);
    const changes: DockerChange[] = [];
    const stop = docker.onChange((c) => changes.push(c));
    await waitUntil(() => fake.openEventStreams === 1, 5000, 'the feed over TLS');
    fake.writeEvents(eventLine('image', 'load', 'sha256:ab'));
    await waitUntil(() => changes.some((c) => c.kind === 'image'), 5000, 'an event over TLS');
    stop();
    await waitUntil(() => fake.openConnections === 0, 5000, 'the TLS feed to close');
  });

  it('a docker context with its TLS folder, laid out as `docker context create` does', async () => {
    const fake = await engine({ port: 0, tls: serverTls });
    const home = tempDir();
    const docker = path.join(home, '.docker');
    const hash = contextHash('secure');
    fs.mkdirSync(path.join(docker, 'contexts', 'meta', hash), { recursive: true });
    fs.writeFileSync(path.join(docker, 'contexts', 'meta', hash, 'meta.json'), JSON.stringify({ Name: 'secure', Metadata: {}, Endpoints: { docker: { Host: fake.dockerHost, SkipTLSVerify: false } } }));
    fs.cpSync(path.join(certs, 'client-dir'), path.join(docker, 'contexts', 'tls', hash, 'docker'), { recursive: true });
    fs.writeFileSync(path.join(docker, 'config.json'), JSON.stringify({ currentContext: 'secure' }));
    expect(await service({}, home).status()).toMatchObject({ state: 'connected', source: `docker context "secure" (from ${path.join(docker, 'config.json')})` });
  });

  it('a CA that did not sign the engine\'s certificate: unreachable, TLS named', async () => {
    const fake = await engine({ port: 0, tls: serverTls });
    const status = await service({ DOCKER_HOST: fake.dockerHost, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path.join(certs, 'wrong-ca-dir') }).status();
    expect(status.state).toBe('unreachable');
    expect(status.reason).toMatch(/^TLS with 127\.0\.0\.1:\d+ failed: /);
    expect(status.fix).toMatch(/ca\.pem/);
  });

  it('no client certificate where the engine requires one: unreachable', async () => {
    const fake = await engine({ port: 0, tls: serverTls });
    const onlyCa = tempDir();
    cleanups.push(() => fs.rmSync(onlyCa, { recursive: true, force: true }));
    fs.copyFileSync(path.join(certs, 'ca.pem'), path.join(onlyCa, 'ca.pem'));
    const status = await service({ DOCKER_HOST: fake.dockerHost, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: onlyCa }).status();
    expect(status).toMatchObject({ state: 'unreachable', reason: expect.stringMatching(/the engine did not accept this client's certificate, or got none \(tlsv13 alert certificate required\)$/) });
  });

  it('plain HTTP to the TLS port, and TLS to a plain port, are both unreachable with a reason', async () => {
    const tlsEngine = await engine({ port: 0, tls: serverTls });
    expect(await service({ DOCKER_HOST: tlsEngine.dockerHost }).status()).toMatchObject({ state: 'unreachable', fix: expect.stringMatching(/If the engine uses TLS/) });
    const plain = await engine({ port: 0 });
    const status = await service({ DOCKER_HOST: plain.dockerHost, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path.join(certs, 'client-dir') }).status();
    expect(status).toMatchObject({ state: 'unreachable', reason: expect.stringMatching(/TLS with 127\.0\.0\.1:\d+ failed: the engine does not speak TLS on this port/) });
  });
});
