// Online copy of the database to a file, page by page, cancellable, never leaving half a file.
import fs from 'node:fs';
import path from 'node:path';
import { RpcError } from '../../../shared/contracts/errors';
import type { TaskContext } from '../tasks/task-manager';
import type { Db } from '../store/database';

export async function backupDatabase(db: Db, sourcePath: string, destination: string, task: TaskContext) {
  const target = path.resolve(destination);
  if (target === path.resolve(sourcePath)) {
    throw new RpcError('invalid_input', `destination: ${target} is the live database itself; choose another file`);
  }
  if (fs.existsSync(target)) {
    throw new RpcError('conflict', `destination: ${target} already exists; choose a new file name so nothing is overwritten`);
  }
  if (!fs.existsSync(path.dirname(target))) {
    throw new RpcError('invalid_input', `destination: the folder ${path.dirname(target)} does not exist`);
  }
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        task.throwIfCancelled();
        task.progress(totalPages ? (totalPages - remainingPages) / totalPages : null, `${totalPages - remainingPages} of ${totalPages} pages`);
        return 64;
      },
    });
    fs.renameSync(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return { path: target, bytes: fs.statSync(target).size };
}
