import { useEffect, useState } from 'preact/hooks';

/** The console lives below /console/; every page and all of its state (filters, cursor) is in the URL. */
export const BASE = '/console';

export interface Location {
  /** The path below BASE, e.g. `/orders/42`. */
  path: string;
  query: URLSearchParams;
}

const current = (): Location => ({ path: location.pathname.slice(BASE.length) || '/', query: new URLSearchParams(location.search) });

const NAVIGATED = 'console:navigated';

/** A new history entry, so Back returns to exactly the page (and rows) the user left. */
export function navigate(path: string, query?: URLSearchParams | Record<string, string | undefined>, options: { replace?: boolean } = {}): void {
  const url = href(path, query);
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  dispatchEvent(new Event(NAVIGATED));
}

export function href(path: string, query?: URLSearchParams | Record<string, string | undefined>): string {
  const params =
    query instanceof URLSearchParams ? query : new URLSearchParams(Object.entries(query ?? {}).filter((entry): entry is [string, string] => !!entry[1]));
  const search = params.toString();
  return `${BASE}${path}${search ? `?${search}` : ''}`;
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    addEventListener('popstate', update);
    addEventListener(NAVIGATED, update);
    return () => {
      removeEventListener('popstate', update);
      removeEventListener(NAVIGATED, update);
    };
  }, []);
  return location;
}

/** Same-app links stay in the page (no reload); modified clicks (new tab) behave as links do. */
export function followLink(event: MouseEvent): void {
  const anchor = (event.target as Element).closest('a');
  if (!anchor || anchor.target || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(anchor.href);
  if (url.origin !== location.origin || !url.pathname.startsWith(`${BASE}/`)) return;
  event.preventDefault();
  if (url.pathname + url.search === location.pathname + location.search) return;
  history.pushState(null, '', url.pathname + url.search);
  dispatchEvent(new Event(NAVIGATED));
}
