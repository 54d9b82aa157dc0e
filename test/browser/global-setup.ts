// Builds the wallet once before the real-browser tests; each test file then starts its own service on it.
import { join } from 'node:path';
import { ensureWalletBuilt } from '../../verifier/wallet-build.js';
import { repoRoot } from '../support/service.js';

export default async function setup(): Promise<void> {
  await ensureWalletBuilt({ root: repoRoot, distDir: join(repoRoot, 'dist', 'wallet'), log: () => {} });
}
