import { describe, expect, it } from 'vitest';
import { classifyFailure, isConnectionFailure, problemForPathKind } from './docker-errors';
import type { DockerEndpoint } from './docker-host-url';

const unix: DockerEndpoint = { kind: 'unix', url: 'unix:///var/run/docker.sock', path: '/var/run/docker.sock' };
const tcp: DockerEndpoint = { kind: 'tcp', url: 'tcp://10.0.0.2:2376', host: '10.0.0.2', port: 2376, tls: { ca: '/c/ca.pem', cert: null, key: null, verify: true } };
const pipe: DockerEndpoint = { kind: 'npipe', url: 'npipe:////./pipe/docker_engine', path: '//./pipe/docker_engine' };
const ping = { request: 'GET /_ping' };

function errno(code: string, message = `connect ${code} /var/run/docker.sock`): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code, errno: -1, syscall: 'connect' });
}

describe('classifyFailure', () => {
  it('EACCES on a socket: permission-denied, with the docker group as the fix (root cannot make this happen, so it is tested here)', () => {
    const p = classifyFailure(errno('EACCES'), unix, ping);
    expect(p.state).toBe('permission-denied');
    expect(p.reason).toBe('This user may not open the socket /var/run/docker.sock (EACCES)');
    expect(p.fix).toMatch(/add your user to the docker group: `sudo usermod -aG docker \$USER`/i);
    expect(classifyFailure(errno('EPERM'), unix, ping).state).toBe('permission-denied');
    expect(classifyFailure(errno('EACCES'), pipe, ping).fix).toMatch(/docker-users/);
  });

  it('ENOENT: not-found', () => {
    const p = classifyFailure(errno('ENOENT'), unix, ping);
    expect(p).toMatchObject({ state: 'not-found', reason: 'There is no socket at /var/run/docker.sock: the engine is not running or uses another path' });
  });

  it('ECONNREFUSED: unreachable; on a socket that means a stopped engine or a stale socket', () => {
    expect(classifyFailure(errno('ECONNREFUSED'), unix, ping)).toMatchObject({ state: 'unreachable', reason: expect.stringMatching(/exists but nothing is listening on it/) });
    expect(classifyFailure(errno('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.2:2376'), tcp, ping)).toMatchObject({
      state: 'unreachable',
      reason: '10.0.0.2:2376 refused the connection: no engine listens there',
    });
  });

  it('our own deadline, or ETIMEDOUT: unreachable, saying how long it waited', () => {
    const abort = Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
    expect(classifyFailure(abort, unix, { request: 'GET /_ping', timedOut: true, timeoutMs: 3000 })).toMatchObject({
      state: 'unreachable',
      reason: 'the socket /var/run/docker.sock did not answer GET /_ping within 3 s',
    });
    expect(classifyFailure(errno('ETIMEDOUT'), tcp, ping).state).toBe('unreachable');
  });

  it('TLS failures: unreachable, naming TLS; plain HTTP on a TLS port and TLS on a plain port are told apart', () => {
    const expired = Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' });
    expect(classifyFailure(expired, tcp, ping)).toMatchObject({ state: 'unreachable', reason: 'TLS with 10.0.0.2:2376 failed: certificate has expired' });
    const selfSigned = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(classifyFailure(selfSigned, tcp, ping).fix).toMatch(/ca\.pem/);
    const wrongVersion = Object.assign(new Error('write EPROTO 40A8…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number'), { code: 'EPROTO' });
    expect(classifyFailure(wrongVersion, tcp, ping).reason).toMatch(/does not speak TLS on this port/);
    const httpToHttps = Object.assign(new Error('(HTTP code 400) unexpected - Client sent an HTTP request to an HTTPS server.'), { statusCode: 400, json: Buffer.from('Client sent an HTTP request to an HTTPS server.\n') });
    expect(classifyFailure(httpToHttps, { ...tcp, tls: null }, ping)).toMatchObject({ state: 'unreachable', reason: '10.0.0.2:2376 expects TLS, but Vigil spoke plain HTTP to it', fix: expect.stringMatching(/DOCKER_TLS_VERIFY=1/) });
  });

  it('an HTTP answer that is not the engine\'s: not-docker; an HTTP parser error: not-docker', () => {
    const notFound = Object.assign(new Error('(HTTP code 404) unexpected - <html>Not Found</html>'), { statusCode: 404, json: Buffer.from('<html>Not Found</html>') });
    expect(classifyFailure(notFound, unix, ping)).toMatchObject({
      state: 'not-docker',
      reason: 'the socket /var/run/docker.sock answered GET /_ping with HTTP 404: <html>Not Found</html>; a Docker engine answers 200 there',
    });
    const garbage = Object.assign(new Error('Parse Error: Expected HTTP/'), { code: 'HPE_INVALID_CONSTANT' });
    expect(classifyFailure(garbage, unix, ping)).toMatchObject({ state: 'not-docker', reason: expect.stringMatching(/with something that is not HTTP \(Parse Error: Expected HTTP\/\)/) });
  });

  it('401/403 (an authorization plugin, a proxy): permission-denied; 5xx: unreachable with the engine\'s message', () => {
    expect(classifyFailure(Object.assign(new Error('x'), { statusCode: 403, json: { message: 'authorization denied by plugin opa' } }), unix, ping)).toMatchObject({
      state: 'permission-denied',
      reason: 'the socket /var/run/docker.sock refused GET /_ping with HTTP 403: authorization denied by plugin opa',
    });
    expect(classifyFailure(Object.assign(new Error('x'), { statusCode: 500, json: { message: 'boom' } }), unix, ping).state).toBe('unreachable');
  });

  it('a hang-up without an answer, and anything unknown, is unreachable and keeps the message', () => {
    expect(classifyFailure(errno('ECONNRESET', 'read ECONNRESET'), unix, ping).reason).toBe('the socket /var/run/docker.sock closed the connection without answering (ECONNRESET)');
    expect(classifyFailure(new Error('socket hang up'), unix, ping).reason).toBe('the socket /var/run/docker.sock closed the connection without answering GET /_ping');
    expect(classifyFailure(new Error('something odd'), unix, ping)).toMatchObject({ state: 'unreachable', reason: 'the socket /var/run/docker.sock: something odd' });
  });

  it('tells a connection failure from an engine refusing one request', () => {
    expect(isConnectionFailure(errno('ECONNREFUSED'))).toBe(true);
    expect(isConnectionFailure(Object.assign(new Error('x'), { statusCode: 500 }))).toBe(false);
  });
});

describe('problemForPathKind', () => {
  it('says what is in the way of a socket', () => {
    expect(problemForPathKind('socket', unix)).toBeNull();
    expect(problemForPathKind('inaccessible', unix)).toBeNull();
    expect(problemForPathKind('missing', unix)?.state).toBe('not-found');
    expect(problemForPathKind('file', unix)?.reason).toBe('/var/run/docker.sock is a regular file, not a socket: no engine is listening there (a stale file, or the wrong path)');
    expect(problemForPathKind('directory', unix)?.reason).toMatch(/is a directory, not a socket \(a bind mount/);
    expect(problemForPathKind('file', tcp)).toBeNull();
  });
});
