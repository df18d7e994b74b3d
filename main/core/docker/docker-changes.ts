// One Docker (or Podman) engine event → the DockerChange the UI reacts to, or null when the event
// changes nothing it lists (exec sessions, attach, resize …). Reads both the current event format
// (Type/Action/Actor.ID/timeNano) and the pre-1.22 one (status/id/from/time).
import type { DockerChange } from '../../../shared/model/docker';

/** Container actions that leave the container list as it was. */
const QUIET_CONTAINER_ACTIONS = ['exec_create', 'exec_start', 'exec_detach', 'exec_die', 'attach', 'detach', 'resize', 'top', 'export', 'copy', 'archive-path', 'extract-to-dir'];

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function timeOf(event: Record<string, unknown>, now: () => Date): string {
  const nano = event.timeNano;
  if (typeof nano === 'number' && Number.isFinite(nano) && nano > 0) return new Date(Math.round(nano / 1e6)).toISOString(); // beyond 2^53: ns are approximate anyway
  if (typeof nano === 'string' && /^\d+$/.test(nano)) return new Date(Number(BigInt(nano) / 1_000_000n)).toISOString();
  const seconds = event.time;
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) return new Date(seconds * 1000).toISOString();
  return now().toISOString();
}

export function toDockerChange(event: Record<string, unknown>, now: () => Date = () => new Date()): DockerChange | null {
  const legacyType = str(event.from) ? 'container' : str(event.id) ? 'image' : null;
  const type = (str(event.Type) ?? legacyType)?.toLowerCase();
  if (type !== 'image' && type !== 'container') return null;
  const action = str(event.Action) ?? str(event.status);
  if (!action) return null;
  const verb = action.split(':')[0]!.trim();
  if (type === 'container' && QUIET_CONTAINER_ACTIONS.includes(verb)) return null;
  const actor = event.Actor && typeof event.Actor === 'object' ? (event.Actor as Record<string, unknown>) : null;
  const id = str(actor?.ID) ?? str(event.id);
  return { kind: type, action, id, at: timeOf(event, now) };
}
