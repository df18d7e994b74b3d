// Findings change without a task when an ignore rule is added or undone: every view of
// findings or of counts (images, vulnerabilities, dashboard) refreshes on this version.
import { create } from 'zustand';
import type { IgnoreRule } from '../../shared/contracts/vulnerabilities';
import { client } from '../transport/client';
import { notify, notifyError } from './toast-store';

interface FindingsState {
  version: number;
  bump(): void;
}

export const useFindings = create<FindingsState>()((set) => ({
  version: 0,
  bump: () => set((s) => ({ version: s.version + 1 })),
}));

export interface NewIgnore {
  vulnId: string;
  imageId: string | null;
  reason: string;
  expiresAt: string | null;
}

/** ignores.add; the error is thrown to the caller (the dialog shows it). */
export async function addIgnore(rule: NewIgnore): Promise<IgnoreRule> {
  const added = await client().call('ignores.add', rule);
  useFindings.getState().bump();
  notify('success', `${added.vulnId} ignored`, added.imageId ? `For ${added.imageName ?? added.imageId} only.` : 'For every image.');
  return added;
}

/** ignores.remove (Undo); reports its own failure. */
export async function undoIgnore(id: number, vulnId?: string): Promise<boolean> {
  try {
    await client().call('ignores.remove', { id });
    useFindings.getState().bump();
    notify('info', `${vulnId ?? 'The vulnerability'} counts again`, 'The ignore rule was undone.');
    return true;
  } catch (error) {
    notifyError('Could not undo the ignore rule', error);
    return false;
  }
}
