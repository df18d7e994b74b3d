// The container checks' two user lists, kept as rows of the settings table under their own
// keys (settings.get ignores keys it does not know, so no migration is needed).
import { containerCheckSettingsSchema, type ContainerCheckSettings } from '../../../shared/checks/check-settings';
import type { Db } from '../store/database';

const keys = { safeMounts: 'containerChecks.safeMounts', blockedImages: 'containerChecks.blockedImages' } as const;

export class ContainerCheckSettingsRepository {
  constructor(private readonly db: Db) {}

  get(): ContainerCheckSettings {
    const read = (key: string): unknown => {
      const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
      if (!row) return undefined;
      try {
        return JSON.parse(row.value);
      } catch {
        return undefined; // a hand-edited value that is not JSON takes the default
      }
    };
    const parsed = containerCheckSettingsSchema.safeParse({ safeMounts: read(keys.safeMounts), blockedImages: read(keys.blockedImages) });
    return parsed.success ? parsed.data : containerCheckSettingsSchema.parse({});
  }

  update(changes: Partial<ContainerCheckSettings>): ContainerCheckSettings {
    const upsert = this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.db.transaction(() => {
      for (const field of ['safeMounts', 'blockedImages'] as const) {
        const value = changes[field];
        // Duplicates and surrounding blanks are dropped; the order the user gave is kept.
        if (value !== undefined) upsert.run(keys[field], JSON.stringify([...new Set(value.map((v) => v.trim()).filter(Boolean))]));
      }
    })();
    return this.get();
  }
}
