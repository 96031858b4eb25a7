// The desktop window's trust rules: only the app's own page is navigable (no other file:// page,
// no site, no data:/javascript:), only https links go to the system browser, IPC is answered only
// for the top frame of an app window on an app page; and the fuses the packaged binary gets.
import { describe, it, expect } from 'vitest';
import { isAppUrl, isExternalLink, isTrustedSender, type AppPages } from '../../../src/main/security';
// @ts-expect-error plain .mjs script without types
import { FUSES, ASAR_FUSES, fuseMap } from '../../../scripts/fuse-config.mjs';

const built: AppPages = { indexFileUrl: 'file:///opt/Cisgram/resources/app/out/renderer/index.html' };
const dev: AppPages = { ...built, devServerUrl: 'http://localhost:5173/' };

describe('navigation allow-list', () => {
  it('allows the built index.html with any route', () => {
    expect(isAppUrl('file:///opt/Cisgram/resources/app/out/renderer/index.html', built)).toBe(true);
    expect(isAppUrl('file:///opt/Cisgram/resources/app/out/renderer/index.html#/train', built)).toBe(true);
    expect(isAppUrl('file:///opt/Cisgram/resources/app/out/renderer/index.html?x=1', built)).toBe(true);
  });
  it('refuses every other file:// page, including look-alikes and traversal', () => {
    for (const url of [
      'file:///home/me/Downloads/evil.html',
      'file:///opt/Cisgram/resources/app/out/renderer/other.html',
      'file:///opt/Cisgram/resources/app/out/renderer/index.html.evil.html',
      'file:///opt/Cisgram/resources/app/out/renderer/../../../../../tmp/index.html',
      'file://evil-host/opt/Cisgram/resources/app/out/renderer/index.html',
      'file:///opt/Cisgram/resources/app/out/renderer/index%2ehtml%2f..%2fx.html',
      'file:///opt/Cisgram/resources/app/out/renderer/%',
    ]) {
      expect(isAppUrl(url, built), url).toBe(false);
    }
  });
  it('refuses sites, data:, blob:, javascript: and about: (and the dev origin only in development)', () => {
    for (const url of ['https://example.org/', 'http://127.0.0.1:5173/', 'data:text/html,<b>x</b>', 'blob:null/abc', 'javascript:alert(1)', 'about:blank', 'not a url', '']) {
      expect(isAppUrl(url, built), url).toBe(false);
    }
    expect(isAppUrl('http://localhost:5173/#/data', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isAppUrl('file:///home/me/evil.html', dev)).toBe(false);
  });
  it('hands only plain https links to the system browser', () => {
    expect(isExternalLink('https://jaspar.elixir.no/matrix/MA0035.4/')).toBe(true);
    for (const url of ['http://example.org', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@example.org/', 'nonsense']) {
      expect(isExternalLink(url), url).toBe(false);
    }
  });
});

describe('IPC sender check', () => {
  const ok = { frameUrl: built.indexFileUrl + '#/projects', isMainFrame: true, isAppWindow: true };
  it('answers the top frame of an app window on the app page', () => {
    expect(isTrustedSender(ok, built)).toBe(true);
  });
  it('refuses a subframe, a foreign page, a gone frame, or a contents that is not our window', () => {
    expect(isTrustedSender({ ...ok, isMainFrame: false }, built)).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: 'file:///home/me/evil.html' }, built)).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: 'https://example.org/' }, built)).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: null }, built)).toBe(false);
    expect(isTrustedSender({ ...ok, isAppWindow: false }, built)).toBe(false);
  });
});

describe('fuses', () => {
  it('RunAsNode off, cookie encryption on, NODE_OPTIONS and --inspect off; asar integrity when packaged as asar', () => {
    expect(FUSES.RunAsNode).toBe(false);
    expect(FUSES.EnableCookieEncryption).toBe(true);
    expect(FUSES.EnableNodeOptionsEnvironmentVariable).toBe(false);
    expect(FUSES.EnableNodeCliInspectArguments).toBe(false);
    expect(ASAR_FUSES.EnableEmbeddedAsarIntegrityValidation).toBe(true);
    // The names resolve against @electron/fuses' FuseV1Options (its numeric enum, as published).
    const FuseV1Options = { RunAsNode: 0, EnableCookieEncryption: 1, EnableNodeOptionsEnvironmentVariable: 2, EnableNodeCliInspectArguments: 3, EnableEmbeddedAsarIntegrityValidation: 4, OnlyLoadAppFromAsar: 5, LoadBrowserProcessSpecificV8Snapshot: 6, GrantFileProtocolExtraPrivileges: 7 };
    expect(fuseMap(FuseV1Options)).toEqual({ version: '1', 0: false, 1: true, 2: false, 3: false, 7: false });
    expect(fuseMap(FuseV1Options, { asar: true })).toMatchObject({ 4: true, 5: true });
    expect(() => fuseMap({})).toThrow(/no fuse named RunAsNode/);
  });
});
