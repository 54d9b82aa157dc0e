// `npm run bench [name...]`: runs every bench/*.bench.ts module (or the named ones) in sequence and rewrites
// BENCHMARKS.md with a header and one section per module; sections of modules not run this time are kept.

import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchSection } from './lib.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const outputFile = path.resolve(benchDir, '..', 'BENCHMARKS.md');
const SUFFIX = '.bench.ts';

const sectionStart = (name: string) => `<!-- bench:${name} -->`;
const sectionEnd = (name: string) => `<!-- /bench:${name} -->`;

function previousSections(): Map<string, string> {
  const sections = new Map<string, string>();
  if (!existsSync(outputFile)) return sections;
  const text = readFileSync(outputFile, 'utf8');
  for (const match of text.matchAll(/<!-- bench:([\w-]+) -->\n([\s\S]*?)\n<!-- \/bench:\1 -->/g)) {
    sections.set(match[1]!, match[2]!);
  }
  return sections;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const modules = readdirSync(benchDir)
    .filter((file) => file.endsWith(SUFFIX))
    .map((file) => file.slice(0, -SUFFIX.length))
    .sort();
  const unknown = wanted.filter((name) => !modules.includes(name));
  if (unknown.length > 0) throw new Error(`unknown bench module(s): ${unknown.join(', ')}; have ${modules.join(', ')}`);
  const selected = wanted.length > 0 ? modules.filter((name) => wanted.includes(name)) : modules;

  const sections = previousSections();
  for (const name of selected) {
    console.log(`bench: ${name} ...`);
    const module = (await import(pathToFileURL(path.join(benchDir, name + SUFFIX)).href)) as { run(): Promise<BenchSection> };
    const section = await module.run();
    sections.set(name, `## ${section.title}\n\n${section.markdown.trim()}`);
    console.log(section.markdown);
  }

  const header = [
    '# Benchmarks',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Node: ${process.version}`,
    `- CPU: ${os.cpus()[0]?.model ?? 'unknown'} (${os.cpus().length} logical cores; each benchmark runs on one)`,
    `- Command: \`npm run bench\`${wanted.length > 0 ? ` (this run: \`npm run bench ${wanted.join(' ')}\`)` : ''}`,
    '',
    'Figures are machine-dependent; compare ratios measured in the same run, not absolute numbers across machines.',
  ].join('\n');
  const body = [...sections.keys()]
    .sort()
    .map((name) => `${sectionStart(name)}\n${sections.get(name)!}\n${sectionEnd(name)}`)
    .join('\n\n');
  writeFileSync(outputFile, `${header}\n\n${body}\n`);
  console.log(`wrote ${path.relative(process.cwd(), outputFile)}`);
}

await main();
