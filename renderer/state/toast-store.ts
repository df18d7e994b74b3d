// Notifications in the corner: errors from calls and tasks that finished.
import { create } from 'zustand';
import { toRpcError } from '../transport/rpc-result';

export type ToastKind = 'error' | 'success' | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  message?: string | undefined;
}

interface ToastState {
  toasts: Toast[];
  push(toast: Omit<Toast, 'id'>): number;
  dismiss(id: number): void;
}

const MAX_TOASTS = 5;
const LIFETIME_MS: Record<ToastKind, number> = { info: 5000, success: 6000, error: 12000 };
let nextId = 1;

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  push(toast) {
    const id = nextId++;
    set((state) => ({ toasts: [...state.toasts, { ...toast, id }].slice(-MAX_TOASTS) }));
    setTimeout(() => get().dismiss(id), LIFETIME_MS[toast.kind]);
    return id;
  },
  dismiss(id) {
    set((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) }));
  },
}));

/** Shows a failed call as "what failed" + "code: message". */
export function notifyError(title: string, error: unknown): void {
  const rpc = toRpcError(error);
  useToasts.getState().push({ kind: 'error', title, message: `${rpc.code}: ${rpc.message}` });
}

export function notify(kind: ToastKind, title: string, message?: string): void {
  useToasts.getState().push({ kind, title, message });
}
