// Real Registry v2 peers for tests: the Debian `docker-registry` package (distribution 2.8)
// started on 127.0.0.1 with temp configs sharing one storage directory: plain HTTP without auth
// (seeding, insecure opt-in), TLS + htpasswd basic auth, TLS + token auth against a small token
// server written here (the registry verifies the JWTs it issues: RS256, x5c chain to a root we
// made with openssl). Nothing leaves the loopback interface.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID, sign } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { strict, type Requirement } from '../../../../../tests/support/environment';
import { sha256 } from '../image-archive.testkit';

export function requireCommands(...commands: string[]): Requirement {
  const missing = commands.filter((c) => {
    try {
      execFileSync('sh', ['-c', `command -v ${c}`], { stdio: 'pipe' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return { available: true, reason: '' };
  const reason = `${missing.join(', ')} missing (apt-get install -y docker-registry skopeo apache2-utils openssl)`;
  if (strict) throw new Error(`${reason} — required in CI, so this is a failure, not a skip`);
  console.warn(`[skip] ${reason}`);
  return { available: false, reason };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const USER = 'alice';
export const PASSWORD = 'correct horse battery staple';

export interface Peers {
  dir: string;
  caPem: string;
  plain: string;
  basic: string;
  token: string;
  tokenRequests: { scope: string | null; service: string | null; authorized: boolean }[];
  stop(): Promise<void>;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

function htpasswdLine(user: string, password: string): string {
  try {
    return execFileSync('htpasswd', ['-Bbn', user, password], { encoding: 'utf8' }).trim();
  } catch {
    // python3's crypt with glibc's bcrypt ($2b$) as a fallback
    return `${user}:${execFileSync('python3', ['-W', 'ignore', '-c', 'import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH)))', password], { encoding: 'utf8' }).trim()}`;
  }
}

async function waitForRegistry(url: string, ca: string | null, log: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const u = new URL(url);
      const request = (u.protocol === 'https:' ? https : http).get(url, { ca: ca ?? undefined, timeout: 1000 } as https.RequestOptions, (res) => {
        res.resume();
        resolve(res.statusCode !== undefined);
      });
      request.on('error', () => resolve(false));
      request.on('timeout', () => request.destroy());
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`registry at ${url} did not start:\n${fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

function startRegistry(dir: string, name: string, config: string): ChildProcess {
  const file = path.join(dir, `${name}.yml`);
  fs.writeFileSync(file, config);
  const log = fs.openSync(path.join(dir, `${name}.log`), 'w');
  return spawn('docker-registry', ['serve', file], { stdio: ['ignore', log, log] });
}

export async function startPeers(): Promise<Peers> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-registry-'));
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Vigil test CA'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], dir);
  fs.writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext'], dir);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'token.key', '-out', 'token.pem', '-days', '2', '-subj', '/CN=Vigil token signer'], dir);
  fs.writeFileSync(path.join(dir, 'htpasswd'), `${htpasswdLine(USER, PASSWORD)}\n`);
  const caPem = fs.readFileSync(path.join(dir, 'ca.pem'), 'utf8');
  const storage = path.join(dir, 'storage');
  fs.mkdirSync(storage);
  const [plainPort, basicPort, tokenPort, authPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const common = (port: number, tls: boolean) => `version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: ${storage}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${port}
  secret: vigil-test-secret
${tls ? `  tls:\n    certificate: ${dir}/server.pem\n    key: ${dir}/server.key\n` : ''}`;

  // The token server: issues a JWT for the requested scope to alice, refuses everyone else.
  const tokenRequests: Peers['tokenRequests'] = [];
  const signerKey = fs.readFileSync(path.join(dir, 'token.key'));
  const signerCert = fs
    .readFileSync(path.join(dir, 'token.pem'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .join('');
  const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
  const authServer = https.createServer({ key: fs.readFileSync(path.join(dir, 'server.key')), cert: fs.readFileSync(path.join(dir, 'server.pem')) }, (req, res) => {
    const url = new URL(req.url ?? '/', `https://127.0.0.1:${authPort}`);
    const header = req.headers.authorization ?? '';
    const authorized = header === `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    const scope = url.searchParams.get('scope');
    tokenRequests.push({ scope, service: url.searchParams.get('service'), authorized });
    if (!authorized) {
      res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"details":"incorrect username or password"}');
      return;
    }
    const access = (scope ?? '')
      .split(' ')
      .filter(Boolean)
      .map((s) => {
        const [type, name, actions] = s.split(':');
        return { type, name, actions: (actions ?? '').split(',').filter((a) => a === 'pull' || a === 'push') };
      });
    const now = Math.floor(Date.now() / 1000);
    const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5c: [signerCert] }));
    const claims = b64url(JSON.stringify({ iss: 'vigil-test-issuer', sub: USER, aud: 'vigil-registry', exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access }));
    const signature = b64url(sign('RSA-SHA256', Buffer.from(`${head}.${claims}`), signerKey));
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: `${head}.${claims}.${signature}`, expires_in: 300 }));
  });
  await new Promise<void>((resolve) => authServer.listen(authPort, '127.0.0.1', resolve));

  const processes = [
    startRegistry(dir, 'plain', common(plainPort, false)),
    startRegistry(dir, 'basic', `${common(basicPort, true)}auth:\n  htpasswd:\n    realm: vigil-basic\n    path: ${dir}/htpasswd\n`),
    startRegistry(dir, 'token', `${common(tokenPort, true)}auth:\n  token:\n    realm: https://127.0.0.1:${authPort}/token\n    service: vigil-registry\n    issuer: vigil-test-issuer\n    rootcertbundle: ${dir}/token.pem\n`),
  ];
  const stop = async (): Promise<void> => {
    for (const p of processes) if (p.exitCode === null) p.kill('SIGTERM');
    await Promise.all(processes.map((p) => (p.exitCode !== null ? Promise.resolve() : new Promise((resolve) => p.once('exit', resolve)))));
    await new Promise((resolve) => authServer.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForRegistry(`http://127.0.0.1:${plainPort}/v2/`, null, path.join(dir, 'plain.log'));
    await waitForRegistry(`https://127.0.0.1:${basicPort}/v2/`, caPem, path.join(dir, 'basic.log'));
    await waitForRegistry(`https://127.0.0.1:${tokenPort}/v2/`, caPem, path.join(dir, 'token.log'));
  } catch (error) {
    await stop();
    throw error;
  }
  return { dir, caPem, plain: `127.0.0.1:${plainPort}`, basic: `127.0.0.1:${basicPort}`, token: `127.0.0.1:${tokenPort}`, tokenRequests, stop };
}

/** Seed the shared storage through the plain registry: blobs, then a manifest (plain HTTP PUTs). */
export async function pushBlob(registry: string, repository: string, bytes: Buffer): Promise<{ digest: string; size: number }> {
  const digest = sha256(bytes);
  const start = await fetch(`http://${registry}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  if (start.status !== 202) throw new Error(`upload start: HTTP ${start.status}`);
  const location = new URL(start.headers.get('location')!, `http://${registry}`);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', body: new Uint8Array(bytes), headers: { 'Content-Type': 'application/octet-stream' } });
  if (put.status !== 201) throw new Error(`upload: HTTP ${put.status} ${await put.text()}`);
  return { digest, size: bytes.length };
}

export async function putManifest(registry: string, repository: string, reference: string, body: object, mediaType: string): Promise<{ digest: string; size: number }> {
  const bytes = Buffer.from(JSON.stringify(body));
  const response = await fetch(`http://${registry}/v2/${repository}/manifests/${reference}`, { method: 'PUT', body: new Uint8Array(bytes), headers: { 'Content-Type': mediaType } });
  if (response.status !== 201) throw new Error(`manifest: HTTP ${response.status} ${await response.text()}`);
  return { digest: sha256(bytes), size: bytes.length };
}
