// Development fallbacks for the two operator secrets: when KEY_ENCRYPTION_KEY or ADMIN_TOKEN is unset, a random value
// is generated once into DATA_DIR (mode 0600) and reused on later starts. Production must set both variables.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ResolvedSecrets {
  keyEncryptionKey: string;
  adminToken: string;
  warnings: string[];
}

function fileSecret(path: string, make: () => string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const value = make();
  writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return value;
}

export function resolveSecrets(config: { dataDir: string; keyEncryptionKey: string | undefined; adminToken: string | undefined }): ResolvedSecrets {
  const warnings: string[] = [];
  mkdirSync(config.dataDir, { recursive: true });
  let keyEncryptionKey = config.keyEncryptionKey;
  if (!keyEncryptionKey) {
    const path = join(config.dataDir, 'kek');
    keyEncryptionKey = fileSecret(path, () => randomBytes(32).toString('base64url'));
    warnings.push(`KEY_ENCRYPTION_KEY is not set; using the development key in ${path}. Production must set KEY_ENCRYPTION_KEY.`);
  }
  let adminToken = config.adminToken;
  if (!adminToken) {
    const path = join(config.dataDir, 'admin-token');
    adminToken = fileSecret(path, () => randomBytes(32).toString('base64url'));
    warnings.push(`ADMIN_TOKEN is not set; using the development token in ${path}. Production must set ADMIN_TOKEN.`);
  }
  return { keyEncryptionKey, adminToken, warnings };
}
