// Browser mode's access token arrives in the address (?token=…). The server trades it for a cookie
// and redirects to the bare address; should a page ever still carry it (an old bookmark served
// from cache, a proxy that kept the query), the page drops it from its address and history entry
// at once, so the token is not left in the back/forward list or shown on screen.

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

/** Replaces the current history entry with the token-free address (no reload, no new entry). */
export function dropTokenFromAddress(): void {
  const clean = addressWithoutToken(window.location.href);
  if (clean !== null) window.history.replaceState(window.history.state, '', clean);
}
