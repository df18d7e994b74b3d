// Runs the shared container environment checks on the local engine's containers: inspect each
// one, describe how it was started, check it with the user's safe mounts and block list.
import type Dockerode from 'dockerode';
import type { ContainerCheckSettings } from '../../../shared/checks/check-settings';
import { runContainerChecks, summariseChecks } from '../../../shared/checks/container-checks';
import type { ContainerCheckReport } from '../../../shared/contracts/containers';
import { RpcError } from '../../../shared/contracts/errors';
import { inspectToSpec } from './inspect-to-spec';

/** How many containers are inspected at once (a host may run hundreds). */
const PARALLEL = 8;

function isGone(error: unknown): boolean {
  return (error as { statusCode?: number } | null)?.statusCode === 404;
}

function failure(doing: string, error: unknown): RpcError {
  return new RpcError('unavailable', `Could not ${doing}: ${(error as Error)?.message ?? String(error)}`);
}

export class ContainerChecksService {
  constructor(
    private readonly api: () => Promise<Dockerode>,
    private readonly settings: () => ContainerCheckSettings,
  ) {}

  /** Every running container, checked; containers that vanish meanwhile are left out. */
  async checkRunning(): Promise<ContainerCheckReport[]> {
    const api = await this.api();
    let list: Dockerode.ContainerInfo[];
    try {
      list = await api.listContainers({ all: false });
    } catch (error) {
      throw failure('list running containers', error);
    }
    const settings = this.settings();
    const tags = new Map<string, Promise<string[]>>();
    const reports: (ContainerCheckReport | null)[] = new Array(list.length).fill(null);
    let next = 0;
    const worker = async () => {
      while (next < list.length) {
        const index = next++;
        reports[index] = await this.check(api, list[index]!.Id, settings, tags);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, list.length) }, worker));
    return reports.filter((r): r is ContainerCheckReport => r !== null).sort((a, b) => b.failed - a.failed || a.name.localeCompare(b.name));
  }

  /** One container by ID or name, running or not. */
  async checkOne(id: string): Promise<ContainerCheckReport> {
    const report = await this.check(await this.api(), id, this.settings(), new Map());
    if (!report) throw new RpcError('not_found', `No container ${id}`);
    return report;
  }

  private async check(api: Dockerode, id: string, settings: ContainerCheckSettings, tags: Map<string, Promise<string[]>>): Promise<ContainerCheckReport | null> {
    let info: Dockerode.ContainerInspectInfo;
    try {
      info = await api.getContainer(id).inspect();
    } catch (error) {
      if (isGone(error)) return null;
      throw failure(`inspect container ${id}`, error);
    }
    // The image's tags, so a block list entry matches however the container named its image.
    let aliases = tags.get(info.Image);
    if (!aliases) {
      aliases = api
        .getImage(info.Image)
        .inspect()
        .then((image) => image.RepoTags ?? [])
        .catch(() => []);
      tags.set(info.Image, aliases);
    }
    const results = runContainerChecks(inspectToSpec(info, await aliases), settings);
    const { failed, worst } = summariseChecks(results);
    return {
      id: info.Id,
      name: info.Name.replace(/^\//, ''),
      image: info.Config?.Image ?? info.Image,
      imageId: info.Image,
      state: info.State?.Status ?? 'unknown',
      failed,
      worst,
      results,
    };
  }
}
