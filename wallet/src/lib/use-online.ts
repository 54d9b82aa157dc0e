// Online/offline state as a signal. The browser's events are a hint only (navigator.onLine says "online" behind a
// dead link or a captive portal), so requests report what they saw, and while offline a light probe notices the
// network coming back.
import { signal } from '@preact/signals';

export const online = signal(typeof navigator === 'undefined' ? true : navigator.onLine);

const PROBE_INTERVAL_MS = 3_000;
let probe: ReturnType<typeof setInterval> | undefined;

export function markOnline(): void {
  if (probe) clearInterval(probe);
  probe = undefined;
  online.value = true;
}

export function markOffline(): void {
  online.value = false;
  probe ??= setInterval(() => {
    fetch('/healthz', { cache: 'no-store' }).then(
      (res) => res.ok && markOnline(),
      () => {},
    );
  }, PROBE_INTERVAL_MS);
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => markOnline());
  window.addEventListener('offline', () => markOffline());
  if (!navigator.onLine) markOffline();
}
