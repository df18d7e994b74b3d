// Numbered migrations, applied in order at start. Never edit a published one: add the next.
import foundation from './migrations/0001-foundation';
import images from './migrations/0002-images';
import imageSecurity from './migrations/0004-image-security';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'foundation', sql: foundation },
  { version: 2, name: 'images', sql: images },
  { version: 4, name: 'image-security', sql: imageSecurity },
];

export const latestSchemaVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);
