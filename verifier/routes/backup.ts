// The signed-in citizen's sealed wallet backup: read, replace (compare-and-set on the version) and delete.
import { createRoute, z } from '@hono/zod-openapi';
import type { AccountsDeps } from '../accounts/deps.js';
import { deleteBackup, readBackup, storeBackup, type BackupDeps } from '../backup/backups.js';
import { createRouter, problemResponses } from '../http/router.js';
import { requireSession } from '../http/session.js';

export const BACKUP_PATH = '/v1/me/backup';

const Backup = z
  .object({
    version: z.number().int().openapi({ description: '1 for the first backup, one more on every replacement' }),
    sealed: z.string().openapi({ description: 'The sealed blob, base64url; the service holds no key to it' }),
    size: z.number().int().openapi({ description: 'Bytes of the sealed blob' }),
    updatedAt: z.string(),
  })
  .openapi('SealedBackup');

const NewBackup = z
  .object({
    expectedVersion: z
      .number()
      .int()
      .min(0)
      .openapi({ description: 'The version this replaces, 0 when none is stored; any other stored version answers 409 backup_version_conflict' }),
    sealed: z.string().min(1).openapi({ description: 'The sealed blob, base64url without padding; at most BACKUP_MAX_BYTES once decoded (413 backup_too_large)' }),
  })
  .openapi('NewSealedBackup');

export function backupRoutes(deps: { accounts: AccountsDeps; backup: BackupDeps }) {
  const app = createRouter();
  const session = requireSession(deps.accounts);
  const tags = ['Backup'];

  app.openapi(
    createRoute({
      method: 'get',
      path: BACKUP_PATH,
      middleware: [session] as const,
      tags,
      summary: 'Your sealed wallet backup',
      responses: {
        200: { description: 'The stored backup', content: { 'application/json': { schema: Backup } } },
        ...problemResponses(401, 403, 404),
      },
    }),
    async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await readBackup(deps.backup, c.get('account').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: BACKUP_PATH,
      middleware: [session] as const,
      tags,
      summary: 'Store or replace your sealed wallet backup',
      request: { body: { required: true, content: { 'application/json': { schema: NewBackup } } } },
      responses: {
        200: { description: 'Stored as the next version', content: { 'application/json': { schema: Backup.omit({ sealed: true }) } } },
        ...problemResponses(400, 401, 403, 409, 413, 415),
      },
    }),
    async (c) => {
      const { sealed: _sealed, ...stored } = await storeBackup(deps.backup, c.get('account').id, c.req.valid('json'));
      return c.json(stored, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: BACKUP_PATH,
      middleware: [session] as const,
      tags,
      summary: 'Delete your sealed wallet backup',
      responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404) },
    }),
    async (c) => {
      await deleteBackup(deps.backup, c.get('account').id);
      return c.body(null, 204);
    },
  );

  return app;
}
