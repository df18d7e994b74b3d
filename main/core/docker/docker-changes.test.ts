import { describe, expect, it } from 'vitest';
import { toDockerChange } from './docker-changes';

const now = () => new Date('2030-01-01T00:00:00.000Z');

describe('toDockerChange', () => {
  it('image and container events as Docker 20+ sends them', () => {
    expect(
      toDockerChange({ status: 'tag', id: 'sha256:abc', Type: 'image', Action: 'tag', Actor: { ID: 'sha256:abc', Attributes: { name: 'x:1' } }, scope: 'local', time: 1767323045, timeNano: 1767323045678000000 }),
    ).toEqual({ kind: 'image', action: 'tag', id: 'sha256:abc', at: '2026-01-02T03:04:05.678Z' });
    expect(toDockerChange({ Type: 'container', Action: 'start', Actor: { ID: 'c1' }, time: 1767323045 })).toEqual({ kind: 'container', action: 'start', id: 'c1', at: '2026-01-02T03:04:05.000Z' });
    expect(toDockerChange({ Type: 'container', Action: 'health_status: healthy', Actor: { ID: 'c1' } }, now)).toEqual({ kind: 'container', action: 'health_status: healthy', id: 'c1', at: '2030-01-01T00:00:00.000Z' });
  });

  it('the pre-1.22 format (status, id, from)', () => {
    expect(toDockerChange({ status: 'die', id: 'c2', from: 'alpine', time: 1 })).toMatchObject({ kind: 'container', action: 'die', id: 'c2' });
    expect(toDockerChange({ status: 'untag', id: 'sha256:def', time: 1 })).toMatchObject({ kind: 'image', action: 'untag', id: 'sha256:def' });
  });

  it('ignores other types, events without an action, and container events that change no list', () => {
    expect(toDockerChange({ Type: 'network', Action: 'connect', Actor: { ID: 'n' } })).toBeNull();
    expect(toDockerChange({ Type: 'volume', Action: 'mount' })).toBeNull();
    expect(toDockerChange({ Type: 'image' })).toBeNull();
    expect(toDockerChange({ Type: 'container', Action: 'exec_start: sh -c ls', Actor: { ID: 'c' } })).toBeNull();
    expect(toDockerChange({ Type: 'container', Action: 'resize', Actor: { ID: 'c' } })).toBeNull();
    expect(toDockerChange({ garbage: true })).toBeNull();
  });
});
