// What a fresh page load brings the wallet: a same-device offer link (/receive?credential_offer=…), a request link
// (/present?client_id=…&request_uri=…) or a URI the phone's system hands over (/open?uri=openid4vp://…). Captured in the
// entry chunk before the first render, kept in sessionStorage (so it survives the unlock, sign-in or account creation
// that may come first) and stripped from the address bar, since an offer carries a one-time code.

export type LaunchLinkKind = 'offer' | 'request';

export interface LaunchLink {
  kind: LaunchLinkKind;
  /** The link as the offer or request reader accepts it (openid-credential-offer://?… or openid4vp://?…). */
  text: string;
  /** The wallet screen that opens it. */
  path: '/receive' | '/present';
}

const STORAGE_KEY = 'sahih.launchLink';

const OFFER_SCHEMES = ['openid-credential-offer:', 'haip-vci:'];
const REQUEST_SCHEMES = ['openid4vp:', 'haip-vp:'];

function offer(params: URLSearchParams): LaunchLink | null {
  const kept = new URLSearchParams();
  const inline = params.get('credential_offer');
  const byReference = params.get('credential_offer_uri');
  if (inline) kept.set('credential_offer', inline);
  else if (byReference) kept.set('credential_offer_uri', byReference);
  else return null;
  return { kind: 'offer', text: `openid-credential-offer://?${kept.toString()}`, path: '/receive' };
}

/** By reference (request_uri, with request_uri_method) or by value (request); the reader checks the rest. */
function request(params: URLSearchParams): LaunchLink | null {
  const kept = new URLSearchParams();
  for (const name of ['client_id', 'request_uri', 'request_uri_method', 'request']) {
    const value = params.get(name);
    if (value) kept.set(name, value);
  }
  if (!kept.has('client_id') || !(kept.has('request_uri') || kept.has('request'))) return null;
  return { kind: 'request', text: `openid4vp://?${kept.toString()}`, path: '/present' };
}

/**
 * A URI handed over by the system (`/open?uri=…`, the target a protocol handler or an app link points at). Anything
 * the wallet does not recognise still opens the receive screen, which says in words that it is not an offer.
 */
function handedOver(uri: string, origin: string): LaunchLink {
  const text = uri.trim();
  const scheme = text.slice(0, text.indexOf(':') + 1).toLowerCase();
  if (REQUEST_SCHEMES.includes(scheme)) return { kind: 'request', text, path: '/present' };
  if (OFFER_SCHEMES.includes(scheme)) return { kind: 'offer', text, path: '/receive' };
  try {
    const url = new URL(text);
    // One of our own same-device links, passed through the system.
    if (url.origin === origin && url.pathname !== '/open') {
      const found = linkFromUrl(url);
      if (found) return found;
    }
  } catch {
    // not a URL: the offer reader reports it
  }
  return { kind: 'offer', text, path: '/receive' };
}

/** The link a wallet address carries, or null for an ordinary navigation. */
export function linkFromUrl(url: URL): LaunchLink | null {
  if (url.pathname === '/receive') return offer(url.searchParams);
  if (url.pathname === '/present') return request(url.searchParams);
  if (url.pathname === '/open') {
    const uri = url.searchParams.get('uri');
    return uri ? handedOver(uri, url.origin) : null;
  }
  return null;
}

/** Run once at start-up: keeps the link for later and leaves a clean address on the screen that will open it. */
export function captureLaunchLink(): void {
  const url = new URL(location.href);
  const link = linkFromUrl(url);
  if (!link) {
    if (url.pathname === '/open') history.replaceState(null, '', '/');
    return;
  }
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(link));
  } catch {
    // Storage refused (private mode quota): the screen still opens, and the citizen can paste the link.
  }
  history.replaceState(null, '', link.path);
}

export function readLaunchLink(): LaunchLink | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    const link = raw ? (JSON.parse(raw) as Partial<LaunchLink>) : null;
    if (!link || (link.kind !== 'offer' && link.kind !== 'request') || typeof link.text !== 'string') return null;
    return { kind: link.kind, text: link.text, path: link.kind === 'offer' ? '/receive' : '/present' };
  } catch {
    return null;
  }
}

export function clearLaunchLink(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing kept
  }
}
