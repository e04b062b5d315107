import { useEffect, useState } from 'react';

/** Which screen the address asks for: the editor, or a lesson (`#/learn/<slug>?<state>`). */
export type Route = { view: 'editor' } | { view: 'learn'; slug: string; query: string };

export function parseRoute(hash: string): Route {
  const m = /^#\/learn(?:\/([^?]*))?(?:\?(.*))?$/s.exec(hash);
  if (!m) return { view: 'editor' };
  return { view: 'learn', slug: m[1] ?? '', query: m[2] ?? '' };
}

export const lessonHash = (slug: string, query = ''): string =>
  `#/learn/${slug}${query ? `?${query}` : ''}`;

/** The route of the page's address, following the back and forward buttons. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return route;
}
