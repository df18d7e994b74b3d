// Test support: a realistic slice of the Debian security tracker JSON (no fixture exists).
// https://security-tracker.debian.org/tracker/data/json, with one entry of
// each status kind, several releases, urgency marks, TEMP ids.
export const TRACKER = {
  openssl: {
    'CVE-2023-0286': {
      description: 'There is a type confusion vulnerability relating to X.400 address processing inside an X.509 GeneralName.',
      scope: 'remote',
      releases: {
        bullseye: { status: 'resolved', repositories: { bullseye: '1.1.1w-0+deb11u1' }, fixed_version: '1.1.1t-0+deb11u1', urgency: 'not yet assigned' },
        bookworm: { status: 'resolved', repositories: { bookworm: '3.0.11-1~deb12u2' }, fixed_version: '3.0.8-1', urgency: 'high' },
        sid: { status: 'resolved', repositories: { sid: '3.1.4-2' }, fixed_version: '3.0.8-1', urgency: 'high' },
      },
    },
    'CVE-2024-0727': {
      description: 'Processing a maliciously formatted PKCS12 file may lead OpenSSL to crash.',
      scope: 'local',
      releases: {
        bookworm: { status: 'open', repositories: { bookworm: '3.0.11-1~deb12u2' }, urgency: 'low', nodsa: 'Minor issue', nodsa_reason: '' },
        bullseye: { status: 'open', repositories: { bullseye: '1.1.1w-0+deb11u1' }, urgency: 'low', nodsa: 'Minor issue', nodsa_reason: 'postponed' },
      },
    },
  },
  zlib: {
    'CVE-2023-45853': {
      description: 'MiniZip in zlib through 1.3 has an integer overflow.',
      scope: 'local',
      releases: {
        bookworm: { status: 'open', repositories: { bookworm: '1:1.2.13.dfsg-1' }, urgency: 'unimportant', nodsa: '', nodsa_reason: 'ignored' },
        buster: { status: 'open', repositories: { buster: '1:1.2.11.dfsg-1+deb10u2' }, urgency: 'end-of-life' },
      },
    },
    'CVE-2022-37434': {
      description: 'zlib through 1.2.12 has a heap-based buffer over-read or buffer overflow in inflate in inflate.c',
      scope: 'remote',
      releases: {
        bookworm: { status: 'resolved', repositories: { bookworm: '1:1.2.13.dfsg-1' }, fixed_version: '0', urgency: 'not yet assigned' },
        bullseye: { status: 'resolved', repositories: { bullseye: '1:1.2.11.dfsg-2+deb11u2' }, fixed_version: '1:1.2.11.dfsg-2+deb11u2', urgency: 'medium**' },
      },
    },
  },
  curl: {
    'CVE-2024-2398': {
      description: 'When an application tells libcurl it wants to allow HTTP/2 server push ... memory leak',
      scope: 'remote',
      releases: {
        bookworm: { status: 'open', repositories: { bookworm: '7.88.1-10+deb12u5' }, urgency: 'medium' },
      },
    },
    'TEMP-0000000-A1B2C3': {
      description: 'curl: something not yet assigned a CVE',
      releases: { bookworm: { status: 'undetermined', repositories: { bookworm: '7.88.1-10+deb12u5' }, urgency: 'not yet assigned' } },
    },
  },
  'not-in-any-release': {
    'CVE-2020-0001': { description: 'only in a release we do not map', releases: { hamm: { status: 'open', urgency: 'low' } } },
  },
};

