// Runs axe-core in the page (evaluated over CDP, so the wallet's strict CSP stays on) with the WCAG 2.0, 2.1 and 2.2
// A/AA rule tags plus axe's best practices. Serious and critical violations are returned, and the tests expect none;
// moderate ones are reported without failing: written to test-artifacts/axe-<label>.json and printed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { artifactsDir } from './browser.js';
import { repoRoot } from './service.js';

let source: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** The rule tags every check runs: WCAG 2.2 A/AA in full (axe tags each rule with the version that introduced it). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** `label` names the screen (e.g. "wallet-home-id"): it names the report file and the printed line. */
export async function seriousAxeViolations(page: Page, label: string): Promise<AxeViolation[]> {
  source ??= readFileSync(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(source);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  }, AXE_TAGS);
  const moderate = violations.filter((v) => v.impact === 'moderate');
  reportModerate(label, moderate);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function reportModerate(label: string, moderate: AxeViolation[]): void {
  mkdirSync(artifactsDir, { recursive: true });
  const file = join(artifactsDir, `axe-${label.replace(/[^A-Za-z0-9_.-]+/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ label, tags: AXE_TAGS, moderate }, null, 2)}\n`);
  if (moderate.length) console.log(`axe ${label}: ${moderate.length} moderate — ${moderate.map((v) => `${v.id} (${v.nodes.length})`).join(', ')}`);
}
