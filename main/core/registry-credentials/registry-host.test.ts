import { describe, expect, it } from 'vitest';
import { normaliseRegistryHost, registryHostOfReference } from './registry-host';

describe('registry hosts', () => {
  it('spells one registry one way', () => {
    expect(normaliseRegistryHost('Registry.Example.com:5000')).toBe('registry.example.com:5000');
    expect(normaliseRegistryHost(' https://registry.example.com/v2/ ')).toBe('registry.example.com');
    expect(normaliseRegistryHost('registry.example.com/team/app:1.0')).toBe('registry.example.com');
    expect(normaliseRegistryHost('localhost:05000')).toBe('localhost:5000');
    expect(normaliseRegistryHost('[::1]:5000')).toBe('[::1]:5000');
    expect(normaliseRegistryHost('10.0.0.7:443')).toBe('10.0.0.7:443');
  });

  it("folds Docker Hub's names into docker.io", () => {
    for (const alias of ['docker.io', 'index.docker.io', 'https://index.docker.io/v1/', 'registry-1.docker.io', 'registry.hub.docker.com', 'DOCKER.IO:443']) {
      expect(normaliseRegistryHost(alias), alias).toBe('docker.io');
    }
  });

  it('refuses what is not a host, naming the input', () => {
    expect(() => normaliseRegistryHost('  ')).toThrow(/host: "  " is not a registry host \(it is empty\)/);
    expect(() => normaliseRegistryHost('reg istry')).toThrow(/"reg istry" is not a registry host/);
    expect(() => normaliseRegistryHost('registry:99999')).toThrow(/the port 99999 is not a number from 1 to 65535/);
    expect(() => normaliseRegistryHost('bob@registry.example.com')).toThrow(/user names go in the username field/);
    expect(() => normaliseRegistryHost('-bad-.example.com')).toThrow(/-bad-\.example\.com is not a host name/);
  });

  it('finds the registry of an image reference', () => {
    expect(registryHostOfReference('localhost:5000/team/app:1.0')).toBe('localhost:5000');
    expect(registryHostOfReference('docker.io/library/alpine')).toBe('docker.io');
    expect(registryHostOfReference('alpine')).toBe('docker.io');
    expect(registryHostOfReference('bitnami/redis:7.2')).toBe('docker.io');
    expect(registryHostOfReference('ghcr.io/org/app@sha256:' + 'a'.repeat(64))).toBe('ghcr.io');
    expect(registryHostOfReference('Registry.Example.com/App')).toBeNull(); // upper-case repository: not a reference
    expect(registryHostOfReference('Registry.Example.com/app')).toBe('registry.example.com');
    expect(registryHostOfReference('')).toBeNull();
  });
});
