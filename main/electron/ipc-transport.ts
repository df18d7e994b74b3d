// Electron IPC over the one RpcServer: calls on 'vigil:call' (invoke), streams on 'vigil:stream'.
// Only the main window's top frame on app://vigil may talk to the core; anything else gets an
// 'unauthorized' envelope (calls) or is ignored (streams) and never reaches the server.
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { RpcError, type RpcResult } from '../../shared/contracts/errors';
import {
  callRequestSchema,
  clientStreamMessageSchema,
  ipcChannels,
  type ServerStreamMessage,
} from '../../shared/contracts/transport';
import type { Caller } from '../core/rpc/caller';
import type { StreamSink } from '../core/rpc/rpc-server';
import { isAppUrl } from './app-origin';

/** The part of RpcServer a transport uses. */
export interface RpcEndpoint {
  call(caller: Caller, op: string, input: unknown): Promise<RpcResult<unknown>>;
  subscribe(caller: Caller, op: string, input: unknown, sink: StreamSink): RpcResult<() => void>;
}

export interface IpcTransportOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler' | 'on' | 'removeListener'>;
  server: RpcEndpoint;
  /** The desktop session: transport 'ipc', role from --role / VIGIL_ROLE, actor the OS user. */
  caller: Caller;
  /** The main window's webContents, or null while there is no window (macOS keeps running). */
  trustedContents: () => WebContents | null;
  /** A page that subscribes in a loop must not exhaust the main process. */
  maxSubscriptions?: number;
}

export interface IpcTransport {
  /** Open subscriptions of one webContents (for tests and diagnostics). */
  subscriptionCount(contents: WebContents): number;
  /** Remove the handlers and stop every subscription (on quit). */
  close(): void;
}

type SenderEvent = IpcMainEvent | IpcMainInvokeEvent;

const unauthorized = (): RpcResult<never> => ({
  ok: false,
  error: new RpcError('unauthorized', 'IPC is only accepted from the Vigil window on app://vigil').toShape(),
});

function firstIssue(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || 'message'}: ${issue.message}` : 'invalid message';
}

export function attachIpcTransport(options: IpcTransportOptions): IpcTransport {
  const { ipcMain, server, caller, trustedContents } = options;
  const maxSubscriptions = options.maxSubscriptions ?? 256;
  const subscriptions = new Map<WebContents, Map<string, () => void>>();
  /** webContents whose lifetime events are already wired (once each). */
  const tracked = new Set<WebContents>();

  function isTrustedSender(event: SenderEvent): boolean {
    const trusted = trustedContents();
    if (!trusted || trusted.isDestroyed() || event.sender !== trusted) return false;
    try {
      // senderFrame is null once the frame navigated away or was destroyed mid-flight.
      const frame = event.senderFrame;
      return frame !== null && frame.parent === null && isAppUrl(frame.url);
    } catch {
      return false;
    }
  }

  function send(contents: WebContents, message: ServerStreamMessage): void {
    if (!contents.isDestroyed()) contents.send(ipcChannels.streamMessage, message);
  }

  function stopQuietly(stop: () => void): void {
    try {
      stop();
    } catch {
      // A handler that fails to stop must not keep the others alive.
    }
  }

  function dropAll(contents: WebContents): void {
    const open = subscriptions.get(contents);
    if (!open) return;
    subscriptions.delete(contents);
    for (const stop of open.values()) stopQuietly(stop);
  }

  /** The subscriptions of one page; the first use ties their lifetime to that page's document. */
  function subscriptionsOf(contents: WebContents): Map<string, () => void> {
    let open = subscriptions.get(contents);
    if (open) return open;
    open = new Map();
    subscriptions.set(contents, open);
    if (!tracked.has(contents)) {
      tracked.add(contents);
      // A reload or in-app navigation starts a new document: its streams start over. Foreign
      // targets are skipped here because will-navigate (which fires later) cancels them and
      // the current page lives on; did-navigate catches every document that really committed.
      contents.on('did-start-navigation', (details, url, isInPlace, isMainFrame) => {
        const mainFrame = details?.isMainFrame ?? isMainFrame;
        const sameDocument = details?.isSameDocument ?? isInPlace;
        if (mainFrame && !sameDocument && isAppUrl(details?.url ?? url)) dropAll(contents);
      });
      contents.on('did-navigate', () => dropAll(contents));
      contents.on('render-process-gone', () => dropAll(contents));
      contents.once('destroyed', () => {
        dropAll(contents);
        tracked.delete(contents);
      });
    }
    return open;
  }

  function subscribe(contents: WebContents, id: string, op: string, input: unknown): void {
    const open = subscriptionsOf(contents);
    if (open.has(id)) {
      send(contents, { type: 'error', id, error: new RpcError('conflict', `subscription "${id}" is already open`).toShape() });
      return;
    }
    if (open.size >= maxSubscriptions) {
      send(contents, { type: 'error', id, error: new RpcError('conflict', `too many open subscriptions (${maxSubscriptions})`).toShape() });
      return;
    }
    let ended = false;
    let stop: (() => void) | null = null;
    const result = server.subscribe(caller, op, input, {
      next: (value) => {
        if (!ended) send(contents, { type: 'next', id, value });
      },
      error: (error) => {
        if (ended) return;
        ended = true;
        // The server closed this subscription itself; forget it so the id can be reused.
        if (stop && open.get(id) === stop) open.delete(id);
        send(contents, { type: 'error', id, error: error.toShape() });
      },
    });
    if (!result.ok) {
      send(contents, { type: 'error', id, error: result.error });
      return;
    }
    stop = result.value;
    if (ended) stopQuietly(stop);
    else open.set(id, stop);
  }

  function unsubscribe(contents: WebContents, id: string): void {
    const open = subscriptions.get(contents);
    const stop = open?.get(id);
    if (!open || !stop) return;
    open.delete(id);
    stopQuietly(stop);
  }

  const onCall = async (event: IpcMainInvokeEvent, raw: unknown): Promise<RpcResult<unknown>> => {
    if (!isTrustedSender(event)) return unauthorized();
    const request = callRequestSchema.safeParse(raw);
    if (!request.success) return { ok: false, error: new RpcError('invalid_input', firstIssue(request.error)).toShape() };
    return server.call(caller, request.data.op, request.data.input);
  };

  const onStream = (event: IpcMainEvent, raw: unknown): void => {
    if (!isTrustedSender(event)) return;
    const contents = event.sender;
    const message = clientStreamMessageSchema.safeParse(raw);
    if (!message.success) {
      // Answer on the id if there is one, so the renderer's subscription fails instead of hanging.
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && id.length > 0 && id.length <= 100) {
        send(contents, { type: 'error', id, error: new RpcError('invalid_input', firstIssue(message.error)).toShape() });
      }
      return;
    }
    if (message.data.type === 'subscribe') subscribe(contents, message.data.id, message.data.op, message.data.input);
    else unsubscribe(contents, message.data.id);
  };

  ipcMain.handle(ipcChannels.call, onCall);
  ipcMain.on(ipcChannels.stream, onStream);

  return {
    subscriptionCount: (contents) => subscriptions.get(contents)?.size ?? 0,
    close() {
      ipcMain.removeHandler(ipcChannels.call);
      ipcMain.removeListener(ipcChannels.stream, onStream);
      for (const contents of [...subscriptions.keys()]) dropAll(contents);
    },
  };
}
