import { describe, expect, it } from 'vitest';
import { formatAge } from './time';
import { imageTags, shortDigest, shortId } from './ids';

describe('ids', () => {
  it('shortens image ids like docker', () => {
    expect(shortId('sha256:0123456789abcdef0123')).toBe('0123456789ab');
    expect(shortId('abcdef0123456789')).toBe('abcdef012345');
  });
  it('shortens repo digests to the algorithm and 12 hex digits', () => {
    expect(shortDigest('alpine@sha256:deadbeefcafe0011223344')).toBe('sha256:deadbeefcafe');
    expect(shortDigest('reg:5000/x/y@sha256:aaaaaaaaaaaabbbb')).toBe('sha256:aaaaaaaaaaaa');
  });
  it('shows <none> for untagged images', () => {
    expect(imageTags([])).toEqual(['<none>']);
    expect(imageTags(['<none>:<none>'])).toEqual(['<none>']);
    expect(imageTags(['a:1', 'a:latest'])).toEqual(['a:1', 'a:latest']);
  });
});

describe('formatAge', () => {
  const now = new Date('2025-06-01T12:00:00Z');
  it('says how long ago', () => {
    expect(formatAge('2025-06-01T11:59:50Z', now)).toBe('just now');
    expect(formatAge('2025-06-01T11:59:00Z', now)).toBe('1 minute ago');
    expect(formatAge('2025-06-01T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatAge('2025-05-30T12:00:00Z', now)).toBe('2 days ago');
    expect(formatAge('2024-06-01T12:00:00Z', now)).toBe('1 year ago');
    expect(formatAge(null, now)).toBe('—');
    expect(formatAge('garbage', now)).toBe('garbage');
  });
});
