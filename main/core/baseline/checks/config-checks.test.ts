import { describe, expect, it } from 'vitest';
import { checkHealthcheck, checkUserRoot } from './config-checks';
import { checkEnvSecrets, checkLabelSecrets } from './config-secrets';
import { imageConfig } from './image-config.testkit';
import { fake } from '../secrets/fake-secrets.testkit';

const details = (check: { evidence: { detail: string }[] }) => check.evidence.map((e) => e.detail);

describe('config checks', () => {
  it('user: unset, root and 0 fail; a named or numeric user passes', () => {
    expect(details(checkUserRoot(imageConfig({ user: null })))).toEqual(['no USER in the image config: the container starts as root']);
    expect(details(checkUserRoot(imageConfig({ user: 'root' })))).toEqual(['USER root']);
    expect(details(checkUserRoot(imageConfig({ user: '0:0' })))).toEqual(['USER 0:0']);
    expect(checkUserRoot(imageConfig({ user: 'app:app' })).evidence).toEqual([]);
    expect(checkUserRoot(imageConfig({ user: '1000' })).evidence).toEqual([]);
  });

  it('healthcheck: missing or NONE fails', () => {
    expect(details(checkHealthcheck(imageConfig({ healthcheck: null })))).toEqual(['no HEALTHCHECK in the image config']);
    expect(details(checkHealthcheck(imageConfig({ healthcheck: { test: ['NONE'] } })))).toEqual(['HEALTHCHECK NONE disables the health check']);
    expect(checkHealthcheck(imageConfig()).evidence).toEqual([]);
  });

  it('env: secret names with real values, and shaped secrets under any name, redacted', () => {
    const env = ['DB_PASSWORD=s3cr3t-value', 'PASSWORD_FILE=/run/secrets/pw', 'API_KEY=${API_KEY}', `DEPLOY=${fake.github}`, 'GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D', 'NODE_AUTH_TOKEN=abcdef123456', 'PORT=8080'];
    expect(details(checkEnvSecrets(imageConfig({ env })))).toEqual(['ENV DB_PASSWORD=s…(12 chars)…e', `ENV DEPLOY: GitHub token ghp_…(40 chars)…${fake.github.slice(-1)}`, 'ENV NODE_AUTH_TOKEN=a…(12 chars)…6']);
    expect(checkEnvSecrets(imageConfig()).evidence).toEqual([]);
  });

  it('labels: same rules', () => {
    const labels = { 'org.opencontainers.image.title': 'app', 'ci.token': 'tok-1234567890', 'maintainer': 'me@example.com' };
    expect(details(checkLabelSecrets(imageConfig({ labels })))).toEqual(['LABEL ci.token=t…(14 chars)…0']);
  });
});
