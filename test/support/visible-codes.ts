// A check every screen test can run, wallet and console alike: no text a person sees looks like a code (snake_case
// words, UUIDs, ISO dates or times, JSON) outside "technical details" (the wallet's <details data-technical-details>,
// the console's <details class="technical">, <code>, or an element marked data-technical). Returns the offending text
// snippets so the assertion message shows what leaked.
import type { Page } from 'playwright-core';

/** The patterns, exported so unit tests and other helpers can reuse them. */
export const CODE_PATTERNS: { name: string; source: string }[] = [
  { name: 'snake_case', source: '\\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\\b' },
  { name: 'uuid', source: '\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b' },
  { name: 'iso-date', source: '\\b\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2})?)?' },
  { name: 'json', source: '[{\\[]\\s*"[^"]+"\\s*:' },
];

export interface VisibleCode {
  pattern: string;
  match: string;
  text: string;
}

/**
 * Visible text of the page (what is rendered and not hidden), with technical details, <code>, form fields' own
 * values and elements marked `data-technical` left out; `allow` lists exact strings that may appear (e.g. a name the
 * test itself typed).
 */
export async function visibleCodes(page: Page, options: { allow?: string[] } = {}): Promise<VisibleCode[]> {
  return page.evaluate(
    ({ patterns, allow }) => {
      const skip = (el: Element | null): boolean => {
        for (let e = el; e; e = e.parentElement) {
          if (e.matches('details[data-technical-details] > :not(summary), details.technical, code, [data-technical], script, style, noscript, textarea, option')) return true;
          if (e.matches('details:not([open]) > :not(summary)')) return true;
          const style = getComputedStyle(e);
          if (style.display === 'none' || style.visibility === 'hidden') return true;
          if (e.classList.contains('visually-hidden')) return false;
        }
        return false;
      };
      const found: { pattern: string; match: string; text: string }[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        let text = node.textContent ?? '';
        if (!text.trim() || skip(node.parentElement)) continue;
        for (const a of allow) text = text.split(a).join(' ');
        for (const p of patterns) {
          const m = new RegExp(p.source, 'i').exec(text);
          if (m) found.push({ pattern: p.name, match: m[0], text: text.trim().slice(0, 160) });
        }
      }
      return found;
    },
    { patterns: CODE_PATTERNS, allow: options.allow ?? [] },
  );
}
