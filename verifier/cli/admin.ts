// `npm run admin -- <command>`: the operator's CLI over the same domain functions as the admin API, run against the
// configured database (DATA_DIR / DATABASE_URL) and key-encryption key (KEY_ENCRYPTION_KEY or DATA_DIR/kek).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { resolveSecrets } from '../dev-secrets.js';
import { isAppError } from '../errors.js';
import { finishLogKeyRotation, logOrigin, rotateLogKey } from '../log/log-key.js';
import { rotateAgencyKey } from '../registry/agency-keys.js';
import { allowCredentialType, createAgency, describeAgency, setAgencyStatus } from '../registry/agencies.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../registry/api-keys.js';
import { seedDemo } from '../registry/demo-seed.js';
import { legalBases, registerPurpose } from '../registry/purposes.js';
import { requireSealer } from '../registry/context.js';
import { registryDepsFrom } from '../routes/deps.js';
import { createDevelopmentCa, importCa, pemOf, trustAnchors } from '../x509/ca.js';
import { openStore } from '../store/open.js';
import { createExternalTrust } from '../trust/external-trust.js';
import { addTrustAnchor, registerExternalIssuer, registerExternalType, setExternalIssuerStatus } from '../trust/registration.js';
import type { AgencyRole, LegalBasis } from '../store/types.js';

const usage = `Usage: npm run admin -- <command> [options]

  agency list
  agency show <id>
  agency add --id <id> --name <legal name> --contact <c> --dpo <dpo contact> --privacy-url <url> --role issuer|verifier|both [--type <typeId>]...
  agency suspend <id>
  agency reinstate <id>
  agency rotate-key <id>
  agency allow-type <id> <typeId>
  purpose add <agencyId> --code <code> --description-id <text> --description-en <text> --legal-basis <${legalBases.join('|')}>
              --claim <typeId>:<claim>[.<member>]... --max-retention-days <n> [--require-signed-consent]
              (types of external issuers: a claims path, * for every array element, e.g. eu-pid:nationalities.*)
  apikey create <agencyId> [--label <label>]     (prints the key once)
  apikey list <agencyId>
  apikey revoke <agencyId> <keyId>
  type list
  issuer add-external <issuer URL> --name <name> [--x5c]   (an issuer outside Sahih; keys from its /.well-known/jwt-vc-issuer,
                                                  or with --x5c from each credential's x5c chain to a trust anchor)
  anchor add <ca.pem>                             (a CA whose x5c chains are accepted from --x5c issuers)
  anchor list
  issuer list-external
  issuer suspend-external <issuer URL>
  issuer reinstate-external <issuer URL>
  type add-external <vct> --id <typeId> --issuer <issuer URL>...   (type metadata read from the vct URL)
  type list-external
  log rotate-key                                 (new log key; restart every instance afterwards)
  log finish-rotation                            (the old log key stops co-signing; restart every instance)
  ca create [--name <CA name>]                   (a self-signed development CA for x509_san_dns client identifiers)
  ca import --cert <ca.pem> --key <ca-key.pem> [--chain <chain.pem>]   (a real CA; --chain: certificates up to the root)
  ca show                                        (the published trust anchors, PEM)
  demo seed`;

function fail(message: string): never {
  console.error(`sahih admin: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      id: { type: 'string' },
      name: { type: 'string' },
      contact: { type: 'string' },
      dpo: { type: 'string' },
      'privacy-url': { type: 'string' },
      role: { type: 'string' },
      type: { type: 'string', multiple: true },
      code: { type: 'string' },
      'description-id': { type: 'string' },
      'description-en': { type: 'string' },
      'legal-basis': { type: 'string' },
      claim: { type: 'string', multiple: true },
      'max-retention-days': { type: 'string' },
      'require-signed-consent': { type: 'boolean' },
      label: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      chain: { type: 'string' },
      issuer: { type: 'string', multiple: true },
      x5c: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [group, action, ...args] = positionals;
  if (values.help || !group) return console.log(usage);
  const config = loadConfig();
  const secrets = resolveSecrets({ ...config, dataDir: resolve(config.dataDir) });
  const store = await openStore(resolve(config.databaseUrl));
  const ctx = registryDepsFrom({ config: { ...config, keyEncryptionKey: secrets.keyEncryptionKey }, store }).ctx;
  const externalTrust = () => createExternalTrust(ctx, config.externalIssuers);
  const need = (value: string | undefined, name: string) => value ?? fail(`missing ${name}\n\n${usage}`);
  const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));
  try {
    switch (`${group} ${action ?? ''}`.trim()) {
      case 'agency list':
        for (const a of await store.agencies.list()) console.log(`${a.id}\t${a.role}\t${a.status}\t${a.legalName}`);
        break;
      case 'agency show':
        print(await describeAgency(store, need(args[0], '<id>')));
        break;
      case 'agency add':
        print(
          await createAgency(ctx, {
            id: need(values.id, '--id'),
            legalName: need(values.name, '--name'),
            contact: need(values.contact, '--contact'),
            dpoContact: need(values.dpo, '--dpo'),
            privacyNoticeUrl: need(values['privacy-url'], '--privacy-url'),
            role: need(values.role, '--role') as AgencyRole,
            credentialTypes: values.type ?? [],
          }),
        );
        break;
      case 'agency suspend':
      case 'agency reinstate':
        print(await setAgencyStatus(ctx, need(args[0], '<id>'), action === 'suspend' ? 'suspended' : 'active'));
        break;
      case 'agency rotate-key':
        console.log(`new key: ${await rotateAgencyKey(ctx, need(args[0], '<id>'))}`);
        break;
      case 'agency allow-type':
        print(await allowCredentialType(ctx, need(args[0], '<id>'), need(args[1], '<typeId>')));
        break;
      case 'purpose add': {
        const basis = need(values['legal-basis'], '--legal-basis');
        if (!legalBases.includes(basis as LegalBasis)) fail(`--legal-basis must be one of ${legalBases.join(', ')}`);
        const days = Number(need(values['max-retention-days'], '--max-retention-days'));
        if (!Number.isInteger(days) || days < 0) fail('--max-retention-days must be a whole number of days');
        const claims = (values.claim ?? []).map((c) => {
          const [credentialType, path] = c.split(':');
          if (!credentialType || !path) fail(`--claim ${c} must look like ktp-el:address.locality`);
          // `*` is every array element and digits an index (claims paths of external types; Sahih's own use names).
          return { credentialType, path: path.split('.').map((p) => (p === '*' ? null : /^\d+$/.test(p) ? Number(p) : p)) };
        });
        if (claims.length === 0) fail('at least one --claim is required');
        print(
          await registerPurpose(ctx, need(args[0], '<agencyId>'), {
            code: need(values.code, '--code'),
            description: { id: need(values['description-id'], '--description-id'), en: need(values['description-en'], '--description-en') },
            legalBasis: basis as LegalBasis,
            claims,
            maxRetentionDays: days,
            requireSignedConsent: values['require-signed-consent'] === true,
          }),
        );
        break;
      }
      case 'apikey create': {
        const created = await createApiKey(ctx, need(args[0], '<agencyId>'), values.label ?? 'cli');
        console.log(`API key for ${created.record.agencyId} (shown once, store it now):\n${created.apiKey}`);
        break;
      }
      case 'apikey list':
        print(await listApiKeys(ctx, need(args[0], '<agencyId>')));
        break;
      case 'apikey revoke':
        await revokeApiKey(ctx, need(args[0], '<agencyId>'), need(args[1], '<keyId>'));
        console.log('revoked');
        break;
      case 'issuer add-external':
        print(await registerExternalIssuer(ctx, externalTrust(), { issuer: need(args[0], '<issuer URL>'), name: need(values.name, '--name'), keySource: values.x5c ? 'x5c' : 'metadata' }));
        break;
      case 'anchor add':
        print(await addTrustAnchor(ctx, readFileSync(need(args[0], '<ca.pem>'), 'utf8')));
        break;
      case 'anchor list':
        print(await store.trustAnchors.list());
        break;
      case 'issuer list-external':
        print(await store.externalIssuers.list());
        break;
      case 'issuer suspend-external':
      case 'issuer reinstate-external':
        print(await setExternalIssuerStatus(ctx, need(args[0], '<issuer URL>'), action === 'suspend-external' ? 'suspended' : 'active'));
        break;
      case 'type add-external':
        print(await registerExternalType(ctx, externalTrust(), { vct: need(args[0], '<vct>'), id: need(values.id, '--id'), issuers: values.issuer ?? fail('at least one --issuer is required') }));
        break;
      case 'type list-external':
        print(await store.externalCredentialTypes.list());
        break;
      case 'type list':
        for (const t of await store.credentialTypes.list()) console.log(`${t.id}\t${t.display.name.id} / ${t.display.name.en}`);
        break;
      case 'log rotate-key': {
        const rotated = await rotateLogKey({ store, sealer: requireSealer(ctx), keyName: logOrigin(config.publicUrl) });
        console.log(`log key rotated (restart every instance now; both keys co-sign until "log finish-rotation")\nold ${rotated.oldKey}\nnew ${rotated.newKey}`);
        break;
      }
      case 'log finish-rotation':
        console.log((await finishLogKeyRotation({ store })) ? 'the previous log key no longer co-signs (restart every instance now)' : 'no log key rotation in progress');
        break;
      case 'ca create': {
        const ca = await createDevelopmentCa(ctx, values.name ? { name: values.name } : {});
        console.log(`development CA ${ca.id} is active (valid until ${new Date(ca.notAfter).toISOString()}); do not use it in production\n${pemOf(ca.certificate)}`);
        break;
      }
      case 'ca import': {
        const read = (path: string | undefined, name: string) => readFileSync(need(path, name), 'utf8');
        const ca = await importCa(ctx, { certificatePem: read(values.cert, '--cert'), privateKeyPem: read(values.key, '--key'), chainPem: values.chain ? readFileSync(values.chain, 'utf8') : undefined });
        console.log(`imported CA ${ca.id} is active (valid until ${new Date(ca.notAfter).toISOString()})`);
        break;
      }
      case 'ca show':
        for (const a of await trustAnchors(ctx)) console.log(pemOf(a.certificate));
        break;
      case 'demo seed':
        print(Object.keys(await seedDemo(ctx)));
        break;
      default:
        fail(`unknown command "${positionals.join(' ')}"\n\n${usage}`);
    }
  } catch (error) {
    if (isAppError(error)) fail(`${error.code}: ${error.detail ?? ''}`);
    throw error;
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
