// Electron main process: one window, hardened; IPC wired to the Cisgram service in core.
import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { z } from 'zod';
import { CisgramService } from '../core/app/service';
import { dispatch } from '../core/app/dispatch';
import { setNativeBinding } from '../core/store/project-db';
import { IPC } from '../shared/bridge';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';

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
  // No navigation away from the app, no new windows; external links open in the system browser.
  win.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith('file://') && !url.startsWith(process.env.ELECTRON_RENDERER_URL ?? '\u0000')) e.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(join(here, '../renderer/index.html'));
  return win;
}

app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));

  ipcMain.handle(IPC.invoke, (_e, name: unknown, input: unknown) => dispatch(service, typeof name === 'string' ? name : '', input));
  ipcMain.handle(IPC.openFile, async (e, raw: unknown) => {
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
