// The desktop window's trust rules as pure functions (no Electron import, so they are unit-tested):
// which URLs are the app's own pages (everything else — other file:// pages included — is never
// navigated to), which links may open in the system browser, and which IPC senders are ours.

export interface AppPages {
  /** The dev server's address (ELECTRON_RENDERER_URL) when running from source, else undefined. */
  devServerUrl?: string;
  /** file:// URL of the built renderer's index.html (the only file page the app shows). */
  indexFileUrl: string;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True only for the app's own pages: the built index.html itself (any #route or ?query on it) or,
 * in development, a page of the dev server's origin. Any other file:// page, http(s) site, data:,
 * blob:, javascript: or about: URL is refused.
 */
export function isAppUrl(url: string, pages: AppPages): boolean {
  const u = parse(url);
  if (!u) return false;
  if (u.protocol === 'file:') {
    const own = parse(pages.indexFileUrl);
    if (!own || own.protocol !== 'file:') return false;
    return u.host === own.host && decodeSafe(u.pathname) === decodeSafe(own.pathname);
  }
  if (pages.devServerUrl && (u.protocol === 'http:' || u.protocol === 'https:')) {
    const dev = parse(pages.devServerUrl);
    return !!dev && u.origin === dev.origin;
  }
  return false;
}

function decodeSafe(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return '\u0000'; // a malformed path never equals ours
  }
}

/** Links the app may hand to the system browser: plain https addresses only. */
export function isExternalLink(url: string): boolean {
  const u = parse(url);
  return !!u && u.protocol === 'https:' && !u.username && !u.password;
}

export interface SenderFacts {
  /** URL of the frame that sent the IPC message (event.senderFrame.url), null when it is gone. */
  frameUrl: string | null;
  /** Whether that frame is the top frame of its page (event.senderFrame === sender.mainFrame). */
  isMainFrame: boolean;
  /** Whether the sending webContents belongs to one of the app's windows. */
  isAppWindow: boolean;
}

/** An IPC call is answered only from the top frame of an app window showing an app page. */
export function isTrustedSender(s: SenderFacts, pages: AppPages): boolean {
  return s.isAppWindow && s.isMainFrame && s.frameUrl !== null && isAppUrl(s.frameUrl, pages);
}
