// Settings as key/value JSON rows; unknown keys are ignored and missing ones take defaults.
import { settingsSchema, type Settings } from '../../../shared/model/settings';
import type { Db } from '../store/database';

export class SettingsRepository {
  constructor(private readonly db: Db) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const raw: Record<string, unknown> = {};
    for (const row of rows) {
      try {
        raw[row.key] = JSON.parse(row.value);
      } catch {
        // A value written by hand that is not JSON falls back to its default.
      }
    }
    const parsed = settingsSchema.safeParse(raw);
    return parsed.success ? parsed.data : settingsSchema.parse({});
  }

  update(changes: Partial<Settings>): Settings {
    const upsert = this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(changes)) {
        if (value !== undefined) upsert.run(key, JSON.stringify(value));
      }
    })();
    return this.get();
  }
}
