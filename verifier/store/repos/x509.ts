// The operator's X.509 CAs and the agency leaf certificates they issued. One CA is active at a time; a new one
// retires the old, whose certificate stays listed (as a trust anchor) until it expires.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface OperatorCaRecord {
  id: string;
  /** base64 DER */
  certificate: string;
  /** base64 DER certificates above this CA, up to and including the root; empty when the CA is self-signed. */
  chain: string[];
  privateKeySealed: string;
  source: 'generated' | 'imported';
  status: 'active' | 'retired';
  notAfter: number;
  createdAt: number;
}

export interface AgencyCertificateRecord {
  kid: string;
  caId: string;
  agencyId: string;
  certificate: string;
  notAfter: number;
  createdAt: number;
}

export interface X509Repository {
  activeCa(): Promise<OperatorCaRecord | undefined>;
  /** Every CA not yet expired at `now`, newest first. */
  listCas(now: number): Promise<OperatorCaRecord[]>;
  /** Makes `ca` the active CA, retiring the previous one (run it in a transaction). */
  installCa(ca: OperatorCaRecord): Promise<void>;
  agencyCertificate(kid: string, caId: string): Promise<AgencyCertificateRecord | undefined>;
  /** Stores the certificate unless one exists for (kid, caId); returns the stored one. */
  putAgencyCertificate(cert: AgencyCertificateRecord): Promise<AgencyCertificateRecord>;
}

type CaRow = Database['operator_cas'];

const caOf = (r: CaRow): OperatorCaRecord => ({
  id: r.id,
  certificate: r.certificate,
  chain: JSON.parse(r.chain) as string[],
  privateKeySealed: r.private_key_sealed,
  source: r.source as OperatorCaRecord['source'],
  status: r.status as OperatorCaRecord['status'],
  notAfter: Number(r.not_after),
  createdAt: Number(r.created_at),
});

const certOf = (r: Database['agency_certificates']): AgencyCertificateRecord => ({
  kid: r.kid,
  caId: r.ca_id,
  agencyId: r.agency_id,
  certificate: r.certificate,
  notAfter: Number(r.not_after),
  createdAt: Number(r.created_at),
});

export function x509Repository(db: Kysely<Database>): X509Repository {
  return {
    async activeCa() {
      const row = await db.selectFrom('operator_cas').selectAll().where('status', '=', 'active').orderBy('created_at', 'desc').executeTakeFirst();
      return row && caOf(row);
    },
    async listCas(now) {
      const rows = await db.selectFrom('operator_cas').selectAll().where('not_after', '>', now).orderBy('created_at', 'desc').execute();
      return rows.map(caOf);
    },
    async installCa(ca) {
      await db.updateTable('operator_cas').set({ status: 'retired' }).where('status', '=', 'active').execute();
      await db
        .insertInto('operator_cas')
        .values({
          id: ca.id,
          certificate: ca.certificate,
          chain: JSON.stringify(ca.chain),
          private_key_sealed: ca.privateKeySealed,
          source: ca.source,
          status: 'active',
          not_after: ca.notAfter,
          created_at: ca.createdAt,
        })
        .execute();
    },
    async agencyCertificate(kid, caId) {
      const row = await db.selectFrom('agency_certificates').selectAll().where('kid', '=', kid).where('ca_id', '=', caId).executeTakeFirst();
      return row && certOf(row);
    },
    async putAgencyCertificate(cert) {
      await db
        .insertInto('agency_certificates')
        .values({ kid: cert.kid, ca_id: cert.caId, agency_id: cert.agencyId, certificate: cert.certificate, not_after: cert.notAfter, created_at: cert.createdAt })
        .onConflict((oc) => oc.columns(['kid', 'ca_id']).doNothing())
        .execute();
      const row = await db.selectFrom('agency_certificates').selectAll().where('kid', '=', cert.kid).where('ca_id', '=', cert.caId).executeTakeFirstOrThrow();
      return certOf(row);
    },
  };
}
