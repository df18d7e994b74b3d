// A Registry HTTP API v2 client (https://distribution.github.io/distribution/spec/api/):
// anonymous, basic and bearer-token auth (the WWW-Authenticate challenge and the token endpoint
// with a scope), TLS with extra CA certificates, plain HTTP only for registries the user listed
// as insecure. Manifests are read whole (bounded) and checked against their digest; blobs are
// streamed. Credentials are parameters, kept in memory only, and never logged or put in errors.
import { createHash } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import tls from 'node:tls';
import { RpcError } from '../../../../../shared/contracts/errors';
import { parseDigest } from '../../layers/layer-decode';
import { readAll } from '../layer-reading';
import { isDockerHub } from './reference';

export interface RegistryCredentials {
  username?: string | undefined;
  password?: string | undefined;
  /** A registry (bearer) token used as is, instead of a username and password. */
  token?: string | undefined;
}

export interface RegistryOptions {
  /** Credentials for the registry of the image being opened. */
  credentials?: RegistryCredentials | undefined;
  /** Credentials by registry host[:port], for callers that talk to several. */
  credentialsFor?: ((registry: string) => RegistryCredentials | undefined) | undefined;
  /** Plain HTTP (and unverified TLS) allowed: true for the registry being opened, or a list of host[:port]. */
  insecure?: boolean | readonly string[] | undefined;
  /** Extra CA certificates (PEM) trusted besides the system's. */
  ca?: string | readonly string[] | undefined;
  /** Per request, until the response starts, and between chunks after. */
  timeoutMs?: number | undefined;
  userAgent?: string | undefined;
}

interface Challenge {
  scheme: 'basic' | 'bearer';
  params: Record<string, string>;
}

export function parseChallenge(header: string | undefined): Challenge | null {
  if (!header) return null;
  const match = /^\s*(\w+)\s*(.*)$/.exec(header);
  if (!match) return null;
  const scheme = match[1]!.toLowerCase();
  if (scheme !== 'basic' && scheme !== 'bearer') return null;
  const params: Record<string, string> = {};
  const re = /(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(match[2] ?? '')) !== null) params[m[1]!.toLowerCase()] = (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1');
  return { scheme, params };
}

interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: IncomingMessage;
}

const TLS_PLAIN_HTTP = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'EPROTO', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);
const TLS_UNTRUSTED = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED']);

export class RegistryClient {
  readonly registry: string;
  private scheme: 'https' | 'http' = 'https';
  private readonly insecure: boolean;
  private readonly credentials: RegistryCredentials | undefined;
  private readonly ca: string[] | undefined;
  private readonly timeoutMs: number;
  private readonly userAgent: string;
  /** Authorization header per scope (bearer tokens are scoped; basic is the same for all). */
  private readonly auth = new Map<string, string>();
  private readonly httpsAgent: https.Agent;
  private readonly httpAgent: http.Agent;

  constructor(registry: string, options: RegistryOptions = {}) {
    this.registry = registry;
    const insecure = options.insecure;
    this.insecure = insecure === true || (Array.isArray(insecure) && insecure.includes(registry));
    this.credentials = options.credentials ?? options.credentialsFor?.(registry);
    const ca = options.ca === undefined ? undefined : typeof options.ca === 'string' ? [options.ca] : [...options.ca];
    this.ca = ca && ca.length > 0 ? [...tls.rootCertificates, ...ca] : undefined;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.userAgent = options.userAgent ?? 'vigil';
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 4, ca: this.ca, rejectUnauthorized: !this.insecure });
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  }

  close(): void {
    this.httpsAgent.destroy();
    this.httpAgent.destroy();
  }

  private baseUrl(): string {
    return `${this.scheme}://${this.registry}`;
  }

  /** One HTTP exchange, redirects followed (Authorization is only sent to the registry itself). */
  private send(method: string, url: URL, headers: Record<string, string>, signal: AbortSignal | undefined, redirects = 0): Promise<Response> {
    return new Promise((resolve, reject) => {
      const isHttps = url.protocol === 'https:';
      const sameHost = url.host === this.registry;
      const outgoing = { ...headers, 'User-Agent': this.userAgent };
      if (!sameHost) delete (outgoing as Record<string, string>).Authorization;
      const request = (isHttps ? https : http).request(url, {
        method,
        headers: outgoing,
        agent: sameHost ? (isHttps ? this.httpsAgent : this.httpAgent) : undefined,
        signal,
        timeout: this.timeoutMs,
      } as https.RequestOptions);
      request.on('timeout', () => request.destroy(new RpcError('unavailable', `${this.registry} did not answer within ${Math.round(this.timeoutMs / 1000)} s (${method} ${url.pathname})`)));
      request.on('error', (error) => reject(this.networkError(error, url)));
      request.on('response', (response) => {
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if ([301, 302, 303, 307, 308].includes(status) && location) {
          response.resume();
          if (redirects >= 5) {
            reject(new RpcError('unavailable', `${this.registry}: too many redirects for ${url.pathname}`));
            return;
          }
          const next = new URL(location, url);
          if (next.protocol !== 'https:' && !(next.protocol === 'http:' && this.insecure)) {
            reject(new RpcError('unavailable', `${this.registry} redirected ${url.pathname} to plain HTTP (${next.host}), which is only followed for insecure registries`));
            return;
          }
          resolve(this.send(method === 'HEAD' ? 'HEAD' : 'GET', next, headers, signal, redirects + 1));
          return;
        }
        response.setTimeout(this.timeoutMs, () => response.destroy(new RpcError('unavailable', `${this.registry} stopped sending ${url.pathname}`)));
        resolve({ status, headers: response.headers, body: response });
      });
      request.end();
    });
  }

  private networkError(error: unknown, url: URL): RpcError {
    if (error instanceof RpcError) return error;
    const code = (error as { code?: string })?.code ?? '';
    const message = (error as Error)?.message ?? String(error);
    if ((error as Error)?.name === 'AbortError') return new RpcError('cancelled', 'The scan was cancelled');
    if (TLS_UNTRUSTED.has(code)) {
      return new RpcError('unavailable', `${this.registry}: its TLS certificate is not trusted (${code}). Add the registry's CA certificate (PEM), or list it as an insecure registry if you accept an unverified connection`, { registry: this.registry, code, fix: 'ca' });
    }
    return new RpcError('unavailable', `${this.registry} cannot be reached (${url.protocol}//${url.host}): ${message}`, { registry: this.registry, code });
  }

  /** Send, falling back to plain HTTP only for insecure registries that do not speak TLS. */
  private async exchange(method: string, path: string, headers: Record<string, string>, signal: AbortSignal | undefined): Promise<Response> {
    try {
      return await this.send(method, new URL(`${this.baseUrl()}${path}`), headers, signal);
    } catch (error) {
      const code = (error as RpcError)?.details && typeof (error as RpcError).details === 'object' ? ((error as RpcError).details as { code?: string }).code : undefined;
      const plain = this.scheme === 'https' && code !== undefined && (TLS_PLAIN_HTTP.has(code) || /wrong version number|packet length too long/i.test((error as Error).message));
      if (!plain) throw error;
      if (!this.insecure) {
        throw new RpcError('unavailable', `${this.registry} answers over plain HTTP, not HTTPS. Vigil only uses plain HTTP for registries listed as insecure: add ${this.registry} to them if you trust the network`, { registry: this.registry, fix: 'insecure' });
      }
      this.scheme = 'http';
      return this.send(method, new URL(`${this.baseUrl()}${path}`), headers, signal);
    }
  }

  private basicHeader(): string | null {
    const c = this.credentials;
    if (!c?.username) return null;
    return `Basic ${Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64')}`;
  }

  private async fetchToken(challenge: Challenge, scope: string, signal: AbortSignal | undefined): Promise<string> {
    if (this.credentials?.token && !this.credentials.username) return this.credentials.token;
    const realm = challenge.params.realm;
    if (!realm) throw new RpcError('unavailable', `${this.registry} asked for a bearer token without saying where to get one (no realm)`);
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new RpcError('unavailable', `${this.registry}: its token realm ${JSON.stringify(realm)} is not a URL`);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.insecure)) {
      throw new RpcError('unavailable', `${this.registry}: its token service ${url.host} is plain HTTP, which is only used for insecure registries`);
    }
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', challenge.params.scope && !scope ? challenge.params.scope : scope);
    const headers: Record<string, string> = { Accept: 'application/json' };
    const basic = this.basicHeader();
    if (basic) headers.Authorization = basic;
    // The token service is usually another host: send() drops Authorization for other hosts, so call it directly.
    const response = await new Promise<Response>((resolve, reject) => {
      const isHttps = url.protocol === 'https:';
      const request = (isHttps ? https : http).request(url, { method: 'GET', headers: { ...headers, 'User-Agent': this.userAgent }, agent: isHttps ? this.httpsAgent : this.httpAgent, signal, timeout: this.timeoutMs } as https.RequestOptions);
      request.on('timeout', () => request.destroy(new RpcError('unavailable', `The token service of ${this.registry} did not answer`)));
      request.on('error', (error) => reject(this.networkError(error, url)));
      request.on('response', (r) => resolve({ status: r.statusCode ?? 0, headers: r.headers, body: r }));
      request.end();
    });
    const body = await readAll(response.body, 1024 * 1024, `${this.registry}: token response`);
    if (response.status === 401 || response.status === 403) {
      throw new RpcError('unauthorized', `${this.registry}: the token service refused ${this.credentials?.username ? 'the credentials' : 'anonymous access'} for ${scope}`, { registry: this.registry, status: response.status });
    }
    if (response.status !== 200) throw new RpcError('unavailable', `${this.registry}: the token service answered HTTP ${response.status}`);
    let parsed: { token?: unknown; access_token?: unknown };
    try {
      parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
    } catch {
      throw new RpcError('unavailable', `${this.registry}: the token service did not answer JSON`);
    }
    const token = typeof parsed.token === 'string' ? parsed.token : typeof parsed.access_token === 'string' ? parsed.access_token : null;
    if (!token) throw new RpcError('unavailable', `${this.registry}: the token service's answer has no token`);
    return token;
  }

  /** A request under a scope ('repository:team/app:pull'), answering the auth challenge once. */
  async request(method: string, path: string, scope: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
    const current = this.auth.get(scope) ?? this.auth.get('*');
    let response = await this.exchange(method, path, current ? { ...headers, Authorization: current } : headers, signal);
    if (response.status !== 401) return response;
    response.body.resume();
    const challenge = parseChallenge(response.headers['www-authenticate'] as string | undefined);
    let header: string | null = null;
    if (challenge?.scheme === 'basic') {
      header = this.basicHeader();
      if (!header) throw new RpcError('unauthorized', `${this.registry} requires a username and password`, { registry: this.registry });
      this.auth.set('*', header);
    } else if (challenge?.scheme === 'bearer') {
      header = `Bearer ${await this.fetchToken(challenge, scope, signal)}`;
      this.auth.set(scope, header);
    } else {
      throw new RpcError('unauthorized', `${this.registry} refused access and asked for no known authentication scheme`, { registry: this.registry });
    }
    response = await this.exchange(method, path, { ...headers, Authorization: header }, signal);
    if (response.status === 401) {
      response.body.resume();
      throw new RpcError('unauthorized', `${this.registry} refused ${this.credentials?.username ? 'the credentials' : 'anonymous access'}${isDockerHub(this.registry) ? ' (Docker Hub: the repository may be private or not exist)' : ''}`, { registry: this.registry });
    }
    return response;
  }

  private async failure(response: Response, what: string): Promise<RpcError> {
    let detail = '';
    try {
      const body = await readAll(response.body, 64 * 1024, what);
      const parsed = JSON.parse(body.toString('utf8')) as { errors?: { code?: string; message?: string }[] };
      detail = parsed.errors?.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ') ?? '';
    } catch {
      // no registry error body
    }
    const suffix = detail ? ` (${detail})` : '';
    if (response.status === 404) return new RpcError('not_found', `${what}: not found in ${this.registry}${suffix}`);
    if (response.status === 403) return new RpcError('forbidden', `${what}: ${this.registry} denied access${suffix}`);
    if (response.status === 429) return new RpcError('unavailable', `${what}: ${this.registry} is rate limiting requests${suffix}`);
    return new RpcError('unavailable', `${what}: ${this.registry} answered HTTP ${response.status}${suffix}`);
  }

  /** Ping /v2/: is this a registry, and do we get in. */
  async ping(signal?: AbortSignal): Promise<void> {
    const response = await this.request('GET', '/v2/', '', {}, signal);
    response.body.resume();
    if (response.status !== 200) throw await this.failure(response, `${this.registry}/v2/`);
  }

  /** A manifest or index by tag or digest, verified against the digest asked for (or the one the registry states). */
  async getManifest(repository: string, reference: string, accept: string, maxBytes: number, signal?: AbortSignal): Promise<{ bytes: Buffer; contentType: string | null; digest: string }> {
    const what = `${repository}:${reference}`;
    const response = await this.request('GET', `/v2/${repository}/manifests/${reference}`, `repository:${repository}:pull`, { Accept: accept }, signal);
    if (response.status !== 200) throw await this.failure(response, `The manifest ${what}`);
    const bytes = await readAll(response.body, maxBytes, `The manifest ${what}`);
    const expected = reference.includes(':') ? reference : (response.headers['docker-content-digest'] as string | undefined);
    const parsed = expected ? parseDigest(expected) : null;
    const algorithm = parsed?.algorithm ?? 'sha256';
    const digest = `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
    if (expected && parsed && digest !== expected) {
      throw new RpcError('invalid_input', `The manifest ${what} from ${this.registry} does not match its digest ${expected} (it hashes to ${digest})`);
    }
    const contentType = (response.headers['content-type'] as string | undefined) ?? null;
    return { bytes, contentType, digest };
  }

  /** A blob as stored (compressed for layers); the caller verifies it while reading. */
  async openBlob(repository: string, digest: string, signal?: AbortSignal): Promise<Readable> {
    const response = await this.request('GET', `/v2/${repository}/blobs/${digest}`, `repository:${repository}:pull`, {}, signal);
    if (response.status !== 200) throw await this.failure(response, `The blob ${digest} of ${repository}`);
    return response.body;
  }

  /** A small blob (a config), read whole and verified. */
  async readBlob(repository: string, digest: string, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
    const bytes = await readAll(await this.openBlob(repository, digest, signal), maxBytes, `The blob ${digest} of ${repository}`);
    const parsed = parseDigest(digest);
    if (!parsed) throw new RpcError('invalid_input', `Unsupported digest ${digest}`);
    const actual = `${parsed.algorithm}:${createHash(parsed.algorithm).update(bytes).digest('hex')}`;
    if (actual !== digest) throw new RpcError('invalid_input', `The blob ${digest} of ${repository} from ${this.registry} does not match its digest (it hashes to ${actual})`);
    return bytes;
  }

  /** Every tag of a repository, following the registry's pagination. */
  async listTags(repository: string, signal?: AbortSignal, maxTags = 100_000): Promise<string[]> {
    const tags: string[] = [];
    let path: string | null = `/v2/${repository}/tags/list?n=1000`;
    for (let page = 0; path && page < 1000; page++) {
      const response = await this.request('GET', path, `repository:${repository}:pull`, { Accept: 'application/json' }, signal);
      if (response.status !== 200) throw await this.failure(response, `The tags of ${repository}`);
      const body = await readAll(response.body, 16 * 1024 * 1024, `The tags of ${repository}`);
      let parsed: { tags?: unknown };
      try {
        parsed = JSON.parse(body.toString('utf8')) as { tags?: unknown };
      } catch {
        throw new RpcError('unavailable', `The tags of ${repository}: ${this.registry} did not answer JSON`);
      }
      if (Array.isArray(parsed.tags)) for (const t of parsed.tags) if (typeof t === 'string') tags.push(t);
      if (tags.length > maxTags) throw new RpcError('invalid_input', `${repository} has more than ${maxTags} tags`);
      const link = response.headers.link as string | undefined;
      const next = link ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link)?.[1] : undefined;
      path = next ? (next.startsWith('/') ? next : new URL(next).pathname + new URL(next).search) : null;
    }
    return tags;
  }
}
