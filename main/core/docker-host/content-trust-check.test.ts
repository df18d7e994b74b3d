import { describe, expect, it } from 'vitest';
import { contentTrustCheck } from './content-trust-check';

describe('content trust (CIS 4.5)', () => {
  it('is evaluated only when Vigil itself runs with it on; otherwise says why it cannot know', () => {
    expect(contentTrustCheck({ DOCKER_CONTENT_TRUST: '1' }).status).toBe('evaluated-passed');
    expect(contentTrustCheck({})).toMatchObject({ status: 'not-evaluated', reason: expect.stringMatching(/per shell/), cis: { item: '4.5' } });
  });
});
