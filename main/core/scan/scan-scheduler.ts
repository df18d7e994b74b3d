// Automatic scans (SPEC §1 "Scan schedule"): a daily scan of every known image at the configured
// early-morning hour, and a scan when a new image appears in the local engine. Scans go through
// the RpcServer as the 'scheduler' actor, so they are tasks (progress, cancel) and in the trail.
import type { ImageSpec } from '../../../shared/model/image';
import type { DockerService } from '../docker/docker-service';
import type { Caller } from '../rpc/caller';
import type { CoreServer } from '../rpc/core-server';
import { SettingsRepository } from '../settings/settings-repository';
import type { StoreState } from '../store/store-state';
import { nextDailyRun } from './daily-schedule';
import { ImageRepository } from './image-repository';

const scheduler: Caller = { role: 'administrator', transport: 'internal', actor: 'scheduler' };
/** Engine actions that make an image appear. */
const newImageActions = new Set(['pull', 'load', 'import', 'tag', 'commit', 'build']);

export class ScanScheduler {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopFeed: (() => void) | null = null;
  private readonly seen = new Set<string>();

  constructor(
    private readonly server: CoreServer,
    private readonly store: StoreState,
    private readonly docker: DockerService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(): void {
    if (!this.store.ready) return; // nothing to remember scans in; the UI says why
    this.armDaily();
    this.stopFeed = this.docker.onChange((change) => {
      if (change.kind === 'image' && change.id && newImageActions.has(change.action)) void this.onNewImage(change.id);
    });
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stopFeed?.();
    this.stopFeed = null;
  }

  /** The next daily run, for the UI and tests. */
  nextRun(): Date | null {
    const settings = this.settings();
    return settings?.dailyScanEnabled ? nextDailyRun(this.now(), settings.dailyScanHour) : null;
  }

  private settings() {
    try {
      return new SettingsRepository(this.store.db()).get();
    } catch {
      return null;
    }
  }

  private armDaily(): void {
    if (this.timer) clearTimeout(this.timer);
    // Re-read the settings every hour at most, so a changed hour takes effect without a restart.
    const next = this.nextRun();
    const wait = next ? Math.min(next.getTime() - this.now().getTime(), 3_600_000) : 3_600_000;
    this.timer = setTimeout(() => {
      const due = next && this.now().getTime() >= next.getTime();
      if (due) void this.runDaily();
      this.armDaily();
    }, Math.max(1000, wait));
    this.timer.unref?.();
  }

  async runDaily(): Promise<string[]> {
    const started: string[] = [];
    for (const target of new ImageRepository(this.store.db()).rescanTargets()) {
      const spec: ImageSpec = target.source === 'docker' ? { kind: 'docker', ref: target.ref } : target.source === 'registry' ? { kind: 'registry', ref: target.ref } : { kind: target.source, path: target.ref };
      const result = await this.server.call(scheduler, 'images.scan', { spec, refresh: false, trigger: 'schedule' });
      if (result.ok) started.push((result.value as { taskId: string }).taskId);
    }
    return started;
  }

  private async onNewImage(id: string): Promise<void> {
    const settings = this.settings();
    if (!settings?.scanNewImages || this.seen.has(id)) return;
    this.seen.add(id);
    const images = new ImageRepository(this.store.db());
    if (images.get(id.startsWith('sha256:') ? id : `sha256:${id}`)) return; // scanned before
    await this.server.call(scheduler, 'images.scan', { spec: { kind: 'docker', ref: id }, refresh: false, trigger: 'new-image' });
  }
}
