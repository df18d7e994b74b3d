// Numbered migrations, applied in order at start. Never edit a published one: add the next.
import foundation from './migrations/0001-foundation';
import images from './migrations/0002-images';
import scanCache from './migrations/0003-scan-cache';
import imageSecurity from './migrations/0004-image-security';
import registryCredentials from './migrations/0006-registry-credentials';
import taskSubject from './migrations/0007-task-subject';
import layerNames from './migrations/0008-layer-names';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'foundation', sql: foundation },
  { version: 2, name: 'images', sql: images },
  { version: 3, name: 'scan-cache', sql: scanCache },
  { version: 4, name: 'image-security', sql: imageSecurity },
  { version: 6, name: 'registry-credentials', sql: registryCredentials },
  { version: 7, name: 'task-subject', sql: taskSubject },
  { version: 8, name: 'layer-names', sql: layerNames },
];

export const latestSchemaVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);
