import { describe, expect, it } from 'vitest';
import { BackupOpenError, createBackupKeys, isRecoveryCodeShaped, newRecoveryCode, normalizeRecoveryCode, openBackup, readSealedBackup, sealBackup } from './backup-seal.js';

const content = { credentials: [{ sdJwt: 'eyJ...~', name: 'Siti Rahayu', nik: '3174012345678901' }], history: [1, 2, 3] };
const codeOf = async (p: Promise<unknown>) => p.then(() => 'opened', (e: unknown) => (e instanceof BackupOpenError ? e.code : String(e)));

describe('sealed backup', () => {
  it('opens with the recovery code however it is typed, and says plainly when the code is wrong', async () => {
    const code = newRecoveryCode();
    expect(code).toMatch(/^([0-9A-Z]{4}-){4}[0-9A-Z]{4}$/);
    expect(isRecoveryCodeShaped(code.toLowerCase().replace(/-/g, ' '))).toBe(true);
    const keys = await createBackupKeys({ code, iterations: 1000 });
    const sealed = await sealBackup(keys, content);
    expect(new TextDecoder().decode(sealed)).not.toContain('3174012345678901');
    expect((await openBackup(sealed, { kind: 'code', code: code.toLowerCase() })).content).toEqual(content);
    const other = newRecoveryCode();
    expect(await codeOf(openBackup(sealed, { kind: 'code', code: other }))).toBe('backup_wrong_code');
    expect(normalizeRecoveryCode('abco-il00')).toBe('ABC0110' + '0');
  });

  it('opens with the passkey slot, and the keys it returns reseal for the same ways in', async () => {
    const prf = crypto.getRandomValues(new Uint8Array(32)).buffer;
    const salt = crypto.getRandomValues(new Uint8Array(32));
    const keys = await createBackupKeys({ passkey: { credentialId: 'cred-1', prf, salt }, code: newRecoveryCode(), iterations: 1000 });
    const opened = await openBackup(await sealBackup(keys, content), { kind: 'passkey', prf });
    const again = await openBackup(await sealBackup(opened.keys, { more: true }), { kind: 'passkey', prf });
    expect(again.content).toEqual({ more: true });
    expect(await codeOf(openBackup(await sealBackup(keys, content), { kind: 'passkey', prf: new Uint8Array(32).buffer }))).toBe('backup_wrong_passkey');
  });

  it('refuses a changed blob as damaged', async () => {
    const code = newRecoveryCode();
    const keys = await createBackupKeys({ code, iterations: 1000 });
    const sealed = readSealedBackup(await sealBackup(keys, content));
    const flipped = sealed.ciphertext.slice(0, 10) + (sealed.ciphertext[10] === 'A' ? 'B' : 'A') + sealed.ciphertext.slice(11);
    const tampered = new TextEncoder().encode(JSON.stringify({ ...sealed, ciphertext: flipped }));
    expect(await codeOf(openBackup(tampered, { kind: 'code', code }))).toBe('backup_damaged');
    expect(await codeOf(openBackup(new TextEncoder().encode('not a backup'), { kind: 'code', code }))).toBe('backup_damaged');
  });
});
