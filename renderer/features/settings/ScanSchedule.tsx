// When images are scanned on their own: a daily scan of every known image at a chosen hour,
// and a scan of each image that appears in the local engine.
import { READ_ONLY_HINT, useReadOnly } from '../../state/session-store';
import { useSettings } from '../../state/settings-store';

const hours = Array.from({ length: 24 }, (_, h) => h);

export function ScanSchedule() {
  const settings = useSettings((s) => s.settings);
  const loaded = useSettings((s) => s.loaded);
  const saving = useSettings((s) => s.saving);
  const update = useSettings((s) => s.update);
  const readOnly = useReadOnly();
  const disabled = readOnly || saving || !loaded;
  return (
    <section className="section" aria-labelledby="scanning-title" data-testid="scan-schedule">
      <h2 id="scanning-title">Scanning</h2>
      <label className="check-field">
        <input
          type="checkbox"
          checked={settings.dailyScanEnabled}
          disabled={disabled}
          onChange={(e) => void update({ dailyScanEnabled: e.target.checked }, 'the daily scan setting')}
          data-testid="daily-scan-enabled"
        />
        Scan every known image once a day
      </label>
      <label className="form-row">
        <span className="muted">at</span>
        <select
          value={settings.dailyScanHour}
          disabled={disabled || !settings.dailyScanEnabled}
          onChange={(e) => void update({ dailyScanHour: Number(e.target.value) }, 'the daily scan hour')}
          data-testid="daily-scan-hour"
        >
          {hours.map((h) => (
            <option key={h} value={h}>
              {String(h).padStart(2, '0')}:00
            </option>
          ))}
        </select>
        <span className="muted">local time (early morning keeps it out of the way)</span>
      </label>
      <label className="check-field">
        <input
          type="checkbox"
          checked={settings.scanNewImages}
          disabled={disabled}
          onChange={(e) => void update({ scanNewImages: e.target.checked }, 'the new-image scan setting')}
          data-testid="scan-new-images"
        />
        Scan an image when it appears in the local engine
      </label>
      {readOnly ? <p className="muted">{READ_ONLY_HINT}: settings cannot be changed.</p> : null}
    </section>
  );
}
