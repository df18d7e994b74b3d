// Electron IPC over the one RpcServer: calls on 'vigil:call' (invoke), streams on 'vigil:stream'.
// Only the main window's top frame on app://vigil may talk to the core; anything else gets an
// 'unauthorized' envelope (calls) or is ignored (streams) and never reaches the server.
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { RpcError, type RpcResult } from '../../shared/contracts/errors';
import { callRequestSchema } from '../../shared/contracts/transport';
import { ipcChannels } from '../../shared/contracts/ipc-api';
import type { Caller } from '../core/rpc/caller';
import { StreamSession, type RpcEndpoint } from '../core/rpc/stream-session';
import { isAppUrl } from './app-origin';

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
  const sessions = new Map<WebContents, StreamSession>();
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

  function dropAll(contents: WebContents): void {
    const session = sessions.get(contents);
    sessions.delete(contents);
    session?.close();
  }

  /** The streams of one page; the first use ties their lifetime to that page's document. */
  function sessionOf(contents: WebContents): StreamSession {
    let session = sessions.get(contents);
    if (session) return session;
    session = new StreamSession(
      server,
      caller,
      (message) => {
        if (!contents.isDestroyed()) contents.send(ipcChannels.streamMessage, message);
      },
      options.maxSubscriptions,
    );
    sessions.set(contents, session);
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
    return session;
  }

  const onCall = async (event: IpcMainInvokeEvent, raw: unknown): Promise<RpcResult<unknown>> => {
    if (!isTrustedSender(event)) return unauthorized();
    const request = callRequestSchema.safeParse(raw);
    if (!request.success) return { ok: false, error: new RpcError('invalid_input', firstIssue(request.error)).toShape() };
    return server.call(caller, request.data.op, request.data.input);
  };

  const onStream = (event: IpcMainEvent, raw: unknown): void => {
    if (!isTrustedSender(event)) return;
    sessionOf(event.sender).receive(raw);
  };

  ipcMain.handle(ipcChannels.call, onCall);
  ipcMain.on(ipcChannels.stream, onStream);

  return {
    subscriptionCount: (contents) => sessions.get(contents)?.size ?? 0,
    close() {
      ipcMain.removeHandler(ipcChannels.call);
      ipcMain.removeListener(ipcChannels.stream, onStream);
      for (const contents of [...sessions.keys()]) dropAll(contents);
    },
  };
}
