// Runs in the sandboxed renderer before the page: exposes exactly one frozen object,
// window.vigil (PreloadApi). ipcRenderer itself never crosses the bridge, and listeners get the
// message only, never the IpcRendererEvent (whose `sender` would hand the page ipcRenderer).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannels, type PreloadApi } from '../../shared/contracts/ipc-api';
import type { ServerStreamMessage } from '../../shared/contracts/transport';

const api: PreloadApi = {
  call: (request) => ipcRenderer.invoke(ipcChannels.call, request),
  stream: (message) => ipcRenderer.send(ipcChannels.stream, message),
  onStreamMessage: (listener) => {
    const forward = (_event: IpcRendererEvent, message: ServerStreamMessage) => listener(message);
    ipcRenderer.on(ipcChannels.streamMessage, forward);
    return () => {
      ipcRenderer.removeListener(ipcChannels.streamMessage, forward);
    };
  },
  platform: process.platform,
};

contextBridge.exposeInMainWorld('vigil', Object.freeze(api));
