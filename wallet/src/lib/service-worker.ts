// Registers the service worker and exposes "an update is waiting" so the user chooses when to reload (no data lost).
import { signal } from '@preact/signals';

export const updateWaiting = signal<ServiceWorker | null>(null);

export async function registerServiceWorker(): Promise<void> {
  // The dev server has no built sw.js; only production builds register one.
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  const watch = (worker: ServiceWorker | null) => {
    if (!worker) return;
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) updateWaiting.value = worker;
    });
  };
  if (registration.waiting && navigator.serviceWorker.controller) updateWaiting.value = registration.waiting;
  watch(registration.installing);
  registration.addEventListener('updatefound', () => watch(registration.installing));
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading || !updateWaiting.value) return;
    reloading = true;
    window.location.reload();
  });
}

export function applyUpdate(): void {
  updateWaiting.value?.postMessage({ type: 'SKIP_WAITING' });
}
