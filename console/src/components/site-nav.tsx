// The console's main navigation, with the current screen announced (aria-current).
import { useLocation } from 'preact-iso';
import { t } from '../i18n/index.js';
import type { MessageKey } from '../i18n/id.js';
import { agency, canIssue, canVerify, type Agency } from '../state/agency.js';

const links: [string, MessageKey, (a: Agency | null) => boolean][] = [
  ['/console/issue', 'nav.issue', canIssue],
  ['/console/verify', 'nav.verify', canVerify],
  ['/console/accountability', 'nav.accountability', () => true],
  ['/console/voice', 'nav.voice', () => true],
];

/** Only the views this agency's role uses; the others stay reachable by URL and explain why they are empty. */
export function SiteNav() {
  const { path } = useLocation();
  return (
    <nav class="site-nav" aria-label={t('nav.label')}>
      {links.filter(([, , shown]) => shown(agency.value)).map(([href, key]) => (
        <a key={href} href={href} class="site-nav__link" aria-current={path === href ? 'page' : undefined}>
          {t(key)}
        </a>
      ))}
    </nav>
  );
}
