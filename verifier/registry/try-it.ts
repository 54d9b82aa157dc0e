// The "try it" guide printed by `npm start`: demo agencies and their API keys, the five-minute story through the
// agency console and the wallet (DEMO.md tells it with screenshots), and a first curl for API users.
import { demoAgencies } from './demo-data.js';

export function tryItGuide(base: string, apiKeys: Record<string, string>, adminTokenNote: string | undefined): string {
  const width = Math.max(...demoAgencies.map((a) => a.id.length));
  const lines = [
    'Try it (demo data; start with --no-demo or DEMO=false for a clean registry):',
    ...demoAgencies.map((a) => `  ${a.id.padEnd(width)}  ${a.role.padEnd(8)}  ${apiKeys[a.id] ?? '(no key)'}`),
    '',
    `  Agency console: ${base}/console/ (choose the agency, paste its key above; the key stays in that tab only)`,
    `  The five-minute story (DEMO.md):`,
    `    1. Console as dukcapil: Penerbitan -> fill in the KTP-el form -> Buat penawaran (QR code + link)`,
    `    2. Wallet ${base}/ in another browser window (a phone needs https, see DEMO.md): create a passkey, open the offer link or scan the QR`,
    `    3. Console as rsud-sehat-sentosa: Verifikasi -> Buat permintaan -> the citizen scans and consents`,
    `    4. Wallet: "Siapa yang memakai data saya" shows who used the data; console: Akuntabilitas shows the same access`,
    '',
    '  Create an identity credential offer (Dukcapil) and open the URI / QR in the wallet:',
    `  curl -s -X POST ${base}/v1/agencies/dukcapil/offers \\`,
    `    -H 'authorization: Bearer ${apiKeys.dukcapil ?? '<dukcapil key>'}' -H 'content-type: application/json' \\`,
    `    -d '{"credentialType":"ktp-el","claims":{"nik":"3171010101900001","name":"Siti Rahmawati","birth_place":"Bandung","birth_date":"1990-01-01","address":{"street_address":"Jl. Merdeka No. 1 RT 001/RW 002","locality":"Kota Bandung","region":"Jawa Barat"}}}'`,
    `  Issuer metadata: ${base}/.well-known/openid-credential-issuer/issuers/dukcapil`,
  ];
  if (adminTokenNote) lines.push(`  Admin API (${base}/v1/admin/...): ${adminTokenNote}`);
  return lines.join('\n');
}
