// Builds the wallet (and the agency console under it) with Vite when a build is missing or older than any source.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const sourceRoots = ['wallet', 'console', 'shared', 'vite.config.ts', 'package-lock.json'];
const stampName = '.build-stamp';

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export function walletBuildIsStale(root: string, distDir: string): boolean {
  const stamp = join(distDir, stampName);
  if (!existsSync(stamp) || !existsSync(join(distDir, 'index.html')) || !existsSync(join(distDir, 'console', 'index.html'))) return true;
  const built = statSync(stamp).mtimeMs;
  return sourceRoots.some((p) => newestMtime(join(root, p)) > built);
}

export async function ensureWalletBuilt(options: { root: string; distDir: string; log: (msg: string) => void }): Promise<boolean> {
  if (!walletBuildIsStale(options.root, options.distDir)) return false;
  options.log('Building the wallet (first run or sources changed)...');
  const { build } = await import('vite');
  // Vite derives import.meta.env.PROD from NODE_ENV; test runners set it to "test", which would ship a dev build.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(options.root, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
  writeFileSync(join(options.distDir, stampName), new Date().toISOString());
  return true;
}
