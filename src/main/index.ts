// Electron main process: one window, hardened; IPC wired to the Cisgram service in core.
import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { z } from 'zod';
import { CisgramService } from '../core/app/service';
import { dispatch } from '../core/app/dispatch';
import { setNativeBinding } from '../core/store/project-db';
import { IPC } from '../shared/bridge';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { isAppUrl, isExternalLink, isTrustedSender, type AppPages } from './security';

const here = dirname(fileURLToPath(import.meta.url));

// better-sqlite3 compiled for Electron's ABI, made by scripts/electron-native.mjs at install.
const electronBinding = join(here, '../../native/electron', `better_sqlite3-${process.versions.electron}.node`);
if (existsSync(electronBinding)) {
  process.env.CISGRAM_SQLITE_BINDING = electronBinding;
  setNativeBinding(electronBinding);
}

// One Cisgram per user: a second launch hands over to the first window (which comes to the front)
// instead of opening the same projects and data folder beside it.
if (!app.requestSingleInstanceLock()) app.exit(0);
app.on('second-instance', () => {
  const win = BrowserWindow.getAllWindows()[0];
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
});

// The app's own pages: the built index.html, or the dev server when running from source.
const pages: AppPages = {
  devServerUrl: process.env.ELECTRON_RENDERER_URL || undefined,
  indexFileUrl: pathToFileURL(join(here, '../renderer/index.html')).href,
};

/** IPC is answered only for the top frame of one of our windows showing one of our pages. */
function trusted(e: Electron.IpcMainInvokeEvent): boolean {
  const win = BrowserWindow.fromWebContents(e.sender);
  return isTrustedSender({ frameUrl: e.senderFrame?.url ?? null, isMainFrame: e.senderFrame === e.sender.mainFrame, isAppWindow: !!win }, pages);
}

// Every web contents (windows, and any frame or webview a page might try): no navigation away from
// our pages (file:// pages other than ours included), no redirects, no new windows, no webviews.
app.on('web-contents-created', (_e, contents) => {
  const refuse = (ev: Electron.Event, url: string) => {
    if (!isAppUrl(url, pages)) ev.preventDefault();
  };
  contents.on('will-navigate', refuse);
  contents.on('will-redirect', refuse);
  contents.on('will-attach-webview', (ev) => ev.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

const dataDir = process.env.CISGRAM_DATA_DIR ?? app.getPath('userData');
mkdirSync(dataDir, { recursive: true });
const service = new CisgramService({ dataDir, mode: 'desktop', workerPath: join(here, 'engine-worker.js') });

const OpenFileOptions = z.object({
  title: z.string().max(200),
  filters: z.array(z.object({ name: z.string().max(100), extensions: z.array(z.string().max(20)).max(20) })).max(10).optional(),
});

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 960,
    minHeight: 640,
    title: 'Cisgram',
    backgroundColor: '#f7f7f4',
    show: false,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // Navigation, redirects and new windows are ruled by the web-contents-created handler above.
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(join(here, '../renderer/index.html'));
  return win;
}

app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));

  ipcMain.handle(IPC.invoke, (e, name: unknown, input: unknown) => {
    if (!trusted(e)) return { ok: false, error: { code: 'unauthorized', message: 'Refused: only the Cisgram window may use the API.' } };
    return dispatch(service, typeof name === 'string' ? name : '', input);
  });
  ipcMain.handle(IPC.openFile, async (e, raw: unknown) => {
    if (!trusted(e)) return null;
    const opts = OpenFileOptions.parse(raw);
    const win = BrowserWindow.fromWebContents(e.sender);
    const r = await (win ? dialog.showOpenDialog(win, { title: opts.title, filters: opts.filters, properties: ['openFile'] }) : dialog.showOpenDialog({ title: opts.title, filters: opts.filters, properties: ['openFile'] }));
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });
  service.events.on((event) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send(IPC.event, event);
  });

  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  if (process.env.CISGRAM_SMOKE_TEST) {
    // Used by the Electron launch test: prove the window loaded the renderer, then quit.
    setTimeout(async () => {
      const w = BrowserWindow.getAllWindows()[0];
      const title = w ? await w.webContents.executeJavaScript('document.title') : '';
      console.log(`CISGRAM_SMOKE ${title}`);
      app.quit();
    }, 4000);
  }
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('will-quit', () => {
  void service.dispose();
});
