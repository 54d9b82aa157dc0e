// Finds developer codes in what a person sees: visible text matching snake_case, a UUID, an ISO date or JSON, outside
// "technical details" (a <details class="technical">, open or not). Screens should speak words; codes belong there.
import type { Page } from 'playwright-core';

export const codePatterns: Record<string, RegExp> = {
  snake_case: /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/,
  uuid: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i,
  iso_date: /\b\d{4}-\d{2}-\d{2}\b/,
  json: /[{[]\s*"[^"]*"\s*:/,
};

/** Each visible text that matches a code pattern, as "<pattern>: <text>"; empty when the screen speaks words only. */
export async function visibleCodes(page: Page): Promise<string[]> {
  const patterns = Object.entries(codePatterns).map(([name, re]) => [name, re.source, re.flags] as const);
  return page.evaluate((list) => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('details.technical, script, style, noscript')) continue;
      if (!parent.checkVisibility({ visibilityProperty: true } as CheckVisibilityOptions)) continue;
      for (const [name, source, flags] of list) if (new RegExp(source, flags).test(text)) found.push(`${name}: ${text}`);
    }
    return found;
  }, patterns);
}
