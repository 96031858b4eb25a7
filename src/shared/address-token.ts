// Browser mode's access token arrives in the address (?token=…). The server trades it for a cookie
// and redirects to the bare address; should a page ever still carry it (an old bookmark served
// from cache, a proxy that kept the query), the renderer drops it from its address and history
// entry at once (history.replaceState with this result, in renderer/src/main.ts).

/** The same address without its `token` parameter, or null when there is none to remove. */
export function addressWithoutToken(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (!url.searchParams.has('token')) return null;
  url.searchParams.delete('token');
  return url.pathname + url.search + url.hash;
}
