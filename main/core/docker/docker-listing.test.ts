import { describe, expect, it } from 'vitest';
import { toLocalContainer, toLocalImage } from './docker-listing';

describe('toLocalImage', () => {
  it('keeps tags and digests, and counts containers', () => {
    const image = { Id: 'sha256:aa', RepoTags: ['alpine:3.20', 'alpine:latest'], RepoDigests: ['alpine@sha256:bb'], Created: 1700000000, Size: 7_800_000, Containers: -1 };
    expect(toLocalImage(image, new Map([['sha256:aa', 2]]))).toEqual({
      id: 'sha256:aa',
      repoTags: ['alpine:3.20', 'alpine:latest'],
      repoDigests: ['alpine@sha256:bb'],
      size: 7_800_000,
      created: '2023-11-14T22:13:20.000Z',
      containers: 2,
    });
  });

  it('untagged images in every shape engines send them have no tags', () => {
    for (const tags of [null, [], ['<none>:<none>']]) {
      expect(toLocalImage({ Id: 'sha256:cc', RepoTags: tags, RepoDigests: ['<none>@<none>'], Created: 1, Size: 1 }).repoTags).toEqual([]);
    }
    expect(toLocalImage({ Id: 'sha256:cc', RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'], Created: 1, Size: 1, Containers: -1 })).toMatchObject({ repoDigests: [], containers: 0 });
  });
});

describe('toLocalContainer', () => {
  it('drops the leading slash of the name and reads ports with and without a public side', () => {
    expect(
      toLocalContainer({
        Id: 'c1',
        Names: ['/web'],
        Image: 'nginx:1.27',
        ImageID: 'sha256:ee',
        Command: 'nginx -g daemon off;',
        Created: 1700000000,
        State: 'running',
        Status: 'Up 2 hours',
        Ports: [
          { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
          { PrivatePort: 443, Type: 'tcp' },
        ],
      }),
    ).toEqual({
      id: 'c1',
      name: 'web',
      image: 'nginx:1.27',
      imageId: 'sha256:ee',
      command: 'nginx -g daemon off;',
      state: 'running',
      status: 'Up 2 hours',
      created: '2023-11-14T22:13:20.000Z',
      ports: [
        { privatePort: 80, publicPort: 8080, ip: '0.0.0.0', type: 'tcp' },
        { privatePort: 443, publicPort: null, ip: null, type: 'tcp' },
      ],
    });
  });
});
