// A guard every wallet journey installs: any screen that shows "unknown" as an error code (the `data-error-code`
// attribute, or "Kode: unknown" / "Code: unknown" in its text) is reported into the journey's page-error list, which
// the journeys assert empty. A citizen must always be told in words what happened and what to do.
import type { BrowserContext } from 'playwright-core';

const BINDING = '__sahihUnknownCode';

/** Runs in every document before the wallet's own scripts: watches the DOM and reports the first sighting per page. */
function watchForUnknownCodes(binding: string): void {
  let reported = false;
  const check = () => {
    if (reported || !document.body) return;
    const marked = document.querySelector('[data-error-code="unknown"], [data-error-code=""]');
    const text = document.body.textContent ?? '';
    const shown = /\b(Kode|Code):\s*unknown\b/i.exec(text);
    if (!marked && !shown) return;
    reported = true;
    const report = (window as unknown as Record<string, (message: string) => void>)[binding];
    report?.(`${location.pathname}: ${marked ? `data-error-code="${marked.getAttribute('data-error-code')}"` : shown![0]}`);
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-error-code'] });
}

/** Reports into `errors` (the list the journey asserts empty) every page of `context` that shows an unknown code. */
export async function reportUnknownCodes(context: BrowserContext, errors: string[]): Promise<void> {
  await context.exposeBinding(BINDING, (_source, message: string) => {
    errors.push(`a screen showed an unknown error code: ${message}`);
  });
  await context.addInitScript(watchForUnknownCodes, BINDING);
}
