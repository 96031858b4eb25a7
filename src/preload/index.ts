// Preload (sandboxed): exposes the API transport as window.cisgram and nothing else.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC, type CisgramBridge } from '../shared/bridge';
import type { Reply } from '../shared/api/errors';

const bridge: CisgramBridge = {
  invoke: (name, input) => ipcRenderer.invoke(IPC.invoke, String(name), input) as Promise<Reply>,
  onEvent: (listener) => {
    const fn = (_e: IpcRendererEvent, event: unknown) => listener(event);
    ipcRenderer.on(IPC.event, fn);
    return () => ipcRenderer.removeListener(IPC.event, fn);
  },
  openFile: (options) => ipcRenderer.invoke(IPC.openFile, options) as Promise<string | null>,
  pathForFile: (file) => webUtils.getPathForFile(file as File),
};

contextBridge.exposeInMainWorld('cisgram', bridge);
