// The signed-in agency: its id and API key, kept in sessionStorage only.
//
// Why not localStorage: the key is a bearer secret that acts for the whole agency. sessionStorage is scoped to this
// one tab and is cleared when the tab closes, so a shared counter computer does not keep staff signed in for the next
// person, and other tabs on this origin (including the citizens' wallet, which runs on the same origin) do not get
// it. localStorage would keep it on disk indefinitely and hand it to every page of the origin.
import { computed, signal } from '@preact/signals';

export interface ConsoleSession {
  agencyId: string;
  apiKey: string;
}

const storageKey = 'sahih.console.session';

function load(): ConsoleSession | null {
  try {
    const raw = sessionStorage.getItem(storageKey);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<ConsoleSession>;
    return typeof parsed.agencyId === 'string' && typeof parsed.apiKey === 'string' ? { agencyId: parsed.agencyId, apiKey: parsed.apiKey } : null;
  } catch {
    return null;
  }
}

export const session = signal<ConsoleSession | null>(load());
export const signedIn = computed(() => session.value !== null);

export function saveSession(next: ConsoleSession): void {
  sessionStorage.setItem(storageKey, JSON.stringify(next));
  session.value = next;
}

const endHooks: (() => void)[] = [];

/** Registers a reset to run when the session ends, so nothing one agency saw stays in memory for the next sign-in. */
export function onSessionEnd(reset: () => void): void {
  endHooks.push(reset);
}

export function clearSession(): void {
  sessionStorage.removeItem(storageKey);
  session.value = null;
  for (const reset of endHooks) reset();
}
