// Scans started from this window, by the image they concern, so a row can show its scan's
// progress and a Cancel. The task itself lives in the core (the task bar follows every task).
import { create } from 'zustand';
import type { ImageRow } from '../../../shared/contracts/images';
import { imageSpecKey, type ImageSpec } from '../../../shared/model/image';
import { useTasks } from '../../state/tasks-store';
import { notify, notifyError } from '../../state/toast-store';
import { client, type Input } from '../../transport/client';

interface ScanState {
  /** Row key (image id, or "source:ref") -> id of the last scan task started for it. */
  tasks: Record<string, string>;
  track(keys: readonly string[], taskId: string): void;
}

export const useScans = create<ScanState>()((set) => ({
  tasks: {},
  track(keys, taskId) {
    set((s) => ({ tasks: { ...s.tasks, ...Object.fromEntries(keys.map((k) => [k, taskId])) } }));
  },
}));

/** What images.scan needs to scan a listed image again. */
export function specForRow(row: Pick<ImageRow, 'source' | 'sourceRef'>): ImageSpec {
  switch (row.source) {
    case 'docker':
      return { kind: 'docker', ref: row.sourceRef };
    case 'archive':
      return { kind: 'archive', path: row.sourceRef };
    case 'oci':
      return { kind: 'oci', path: row.sourceRef };
    case 'registry':
      return { kind: 'registry', ref: row.sourceRef };
  }
}

export const specKey = imageSpecKey;

export function rowKeys(row: Pick<ImageRow, 'id' | 'source' | 'sourceRef'>): string[] {
  return [row.id, specKey(specForRow(row))];
}

/**
 * The scan task to show in a row: a running scan of it (started anywhere: the daily schedule, a new
 * engine image, another window — found by the task's subject), else the last one started here.
 */
export function useRowTaskId(row: Pick<ImageRow, 'id' | 'source' | 'sourceRef'>): string | undefined {
  const key = specKey(specForRow(row));
  const tracked = useScans((s) => s.tasks[row.id] ?? s.tasks[key]);
  const running = useTasks((s) => s.tasks.find((t) => t.state === 'running' && t.operation === 'images.scan' && t.subject === key)?.id);
  return running ?? tracked;
}

export function describeSpec(spec: ImageSpec): string {
  switch (spec.kind) {
    case 'docker':
      return `${spec.ref} from the local engine`;
    case 'archive':
      return `the tarball ${spec.path}`;
    case 'oci':
      return `the OCI layout ${spec.path}`;
    case 'registry':
      return `${spec.ref} from its registry`;
  }
}

/** images.scan; returns the task id, or throws (the caller shows the error where it was asked). */
export async function startScan(input: Input<'images.scan'>, extraKeys: readonly string[] = []): Promise<string> {
  const { taskId } = await client().call('images.scan', input);
  useScans.getState().track([specKey(input.spec), ...extraKeys], taskId);
  notify('info', 'Scan started', `Scanning ${describeSpec(input.spec)}; progress is in the task bar.`);
  return taskId;
}

/** Scan a listed row again; reports its own failure. */
export async function rescanRow(row: ImageRow): Promise<void> {
  try {
    await startScan({ spec: specForRow(row) }, [row.id]);
  } catch (error) {
    notifyError(`Could not start a scan of ${row.name}`, error);
  }
}

export async function startRepositoryScan(input: Input<'images.scanRepository'>): Promise<string> {
  const { taskId } = await client().call('images.scanRepository', input);
  useScans.getState().track([`registry-repo:${input.repository}`], taskId);
  notify('info', 'Repository scan started', `Scanning the tags of ${input.repository}; progress is in the task bar.`);
  return taskId;
}
