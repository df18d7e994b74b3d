// A dockerode client bound to one resolved endpoint, with its own connection agent so that
// closing it provably closes every socket it opened (the event stream's included).
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import Dockerode from 'dockerode';
import type { DockerEndpoint } from './docker-host-url';

export interface DockerClient {
  readonly api: Dockerode;
  readonly endpoint: DockerEndpoint;
  close(): void;
}

/** Equal keys: the same engine, reached the same way (a client can be kept). */
export function endpointKey(endpoint: DockerEndpoint): string {
  return JSON.stringify(endpoint);
}

export function createDockerClient(endpoint: DockerEndpoint, readFile: (path: string) => Buffer = (p) => fs.readFileSync(p)): DockerClient {
  if (endpoint.kind === 'ssh') throw new Error(`${endpoint.url}: ssh:// endpoints are not supported yet`);
  const tls = endpoint.kind === 'tcp' ? endpoint.tls : null;
  // No keep-alive: a socket lives exactly as long as its request (the event stream sets TCP
  // keep-alive itself), so nothing idles in a pool after the last caller is gone.
  const agent = tls ? new https.Agent({ keepAlive: false, rejectUnauthorized: tls.verify }) : new http.Agent({ keepAlive: false });

  // Every connection option is given explicitly: docker-modem fills gaps from process.env
  // (DOCKER_HOST, DOCKER_CERT_PATH …), which must not override what resolution chose.
  const options: Record<string, unknown> = {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: 'http',
    ca: undefined,
    cert: undefined,
    key: undefined,
    timeout: undefined,
    pathPrefix: '/',
    agent,
  };
  if (endpoint.kind === 'unix' || endpoint.kind === 'npipe') {
    options.socketPath = endpoint.path;
  } else {
    options.host = endpoint.host;
    options.port = endpoint.port;
    if (tls) {
      options.protocol = 'https';
      if (tls.ca) options.ca = readFile(tls.ca);
      if (tls.cert) options.cert = readFile(tls.cert);
      if (tls.key) options.key = readFile(tls.key);
      if (!tls.verify) options.checkServerIdentity = () => undefined;
    }
  }
  const api = new Dockerode(options as Dockerode.DockerOptions);
  return {
    api,
    endpoint,
    close() {
      agent.destroy();
    },
  };
}
