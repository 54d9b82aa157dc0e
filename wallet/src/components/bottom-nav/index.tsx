// The bottom navigation bar: Beranda, Pindai, Aktivitas, Hak saya; the current page is announced. Within thumb reach
// on a phone, under the header on a wide screen. Hidden on the welcome screen, where there is no wallet yet.
import { useLocation } from 'preact-iso';
import { t, type MessageKey } from '../../i18n/index.js';
import './bottom-nav.css';

// 24px outline icons, drawn with a single path each so the bar stays tiny.
const ICONS = {
  home: 'M3 11l9-7 9 7v9a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z',
  scan: 'M4 8V4h4M16 4h4v4M20 16v4h-4M8 20H4v-4M7 12h10',
  activity: 'M4 5h16M4 12h16M4 19h10',
  rights: 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z',
} as const;

const ITEMS: { href: string; label: MessageKey; icon: keyof typeof ICONS; match: (path: string) => boolean }[] = [
  { href: '/', label: 'nav.home', icon: 'home', match: (p) => p === '/' || p.startsWith('/credentials') || p === '/receive' },
  { href: '/scan', label: 'nav.scan', icon: 'scan', match: (p) => p === '/scan' || p === '/receive/scan' || p === '/present' },
  { href: '/activity', label: 'nav.activity', icon: 'activity', match: (p) => p === '/activity' },
  { href: '/rights', label: 'nav.rights', icon: 'rights', match: (p) => p === '/rights' || p.startsWith('/consent-receipts') },
];

export function BottomNav() {
  const { path } = useLocation();
  if (path === '/welcome') return null;
  return (
    <nav class="bottom-nav" aria-label={t('nav.main')}>
      {ITEMS.map((item) => (
        <a key={item.href} href={item.href} class="bottom-nav__link" aria-current={item.match(path) ? 'page' : undefined}>
          <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
            <path d={ICONS[item.icon]} fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
          </svg>
          <span>{t(item.label)}</span>
        </a>
      ))}
    </nav>
  );
}
