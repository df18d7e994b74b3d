import { describe, expect, it } from 'vitest';
import type { ImageConfig } from '../../images/sources/image-source';
import { checkAddRemote, checkLatestTag, checkUpdateAlone } from './history-checks';
import { checkHistorySecrets } from './history-secrets';
import { imageConfig } from './image-config.testkit';

const d = (n: number) => `sha256:${String(n).repeat(64)}`;
const history = (...lines: [string, boolean?][]): Partial<ImageConfig> => {
  const h = lines.map(([createdBy, empty]) => ({ created: null, createdBy, emptyLayer: empty === true, comment: null }));
  return { history: h, diffIds: h.filter((x) => !x.emptyLayer).map((_, i) => d(i + 1)) };
};

describe('history checks', () => {
  it('ADD from a URL fails with the layer it made; local ADD and the classic builder hash do not', () => {
    const config = imageConfig(history(['/bin/sh -c #(nop) ADD file:4b03 in / '], ['/bin/sh -c #(nop)  CMD ["bash"]', true], ['ADD https://user:pw@example.com/tool.tgz /opt/ # buildkit'], ['ADD --chmod=755 http://example.com/run.sh /run.sh # buildkit']));
    expect(checkAddRemote(config).evidence).toEqual([
      { detail: 'ADD https://example.com/tool.tgz', path: null, layerIndex: 1, layerDiffId: d(2) },
      { detail: 'ADD http://example.com/run.sh', path: null, layerIndex: 2, layerDiffId: d(3) },
    ]);
    expect(checkAddRemote(imageConfig({ history: [] }))).toEqual({ evidence: [], notEvaluated: 'the image has no build history' });
  });

  it('latest: the image tags and COPY --from=…:latest; tags alone are enough to evaluate', () => {
    const config = imageConfig(history(['COPY --from=golang:latest /usr/local/go /go # buildkit'], ['COPY --from=builder /out /app # buildkit']));
    expect(checkLatestTag(config, ['app:latest', 'app:1.2']).evidence.map((e) => e.detail)).toEqual(['the image is tagged app:latest', 'a build step copies from golang:latest: COPY --from=golang:latest /usr/local/go /go']);
    expect(checkLatestTag(imageConfig({ history: [] }), ['app:1.0']).evidence).toEqual([]);
    expect(checkLatestTag(imageConfig({ history: [] }), []).notEvaluated).toBe('the image has no tags and no build history');
  });

  it('update alone: an index refresh with no install in the same step', () => {
    const config = imageConfig(history(['/bin/sh -c apt-get update'], ['/bin/sh -c apt-get update && apt-get install -y curl'], ['RUN /bin/sh -c apk update # buildkit'], ['RUN /bin/sh -c apk add --no-cache curl # buildkit'], ['|1 X=y /bin/sh -c yum makecache']));
    expect(checkUpdateAlone(config).evidence.map((e) => [e.detail, e.layerIndex])).toEqual([
      ['RUN apt-get update', 0],
      ['RUN apk update', 2],
      ['RUN yum makecache', 4],
    ]);
  });

  it('history secrets: build args, inline assignments, chpasswd, --password and shaped tokens; ENV steps left to the ENV item', () => {
    const config = imageConfig(history(
      ['|2 NPM_TOKEN=abcdef123456 VERSION=1.0 /bin/sh -c npm ci'],
      ['RUN /bin/sh -c echo "root:Passw0rd1" | chpasswd # buildkit'],
      ['/bin/sh -c mysql --password=topsecret1 < init.sql'],
      ['/bin/sh -c #(nop)  ENV DB_PASSWORD=fromenv123'],
      ['/bin/sh -c echo $TOKEN > /dev/null'],
    ));
    expect(checkHistorySecrets(config).evidence.map((e) => [e.detail, e.layerIndex])).toEqual([
      ['NPM_TOKEN=a…(12 chars)…6', 0],
      ['password for root set with chpasswd: P…(9 chars)…1', 1],
      ['--password t…(10 chars)…1', 2],
    ]);
  });
});
