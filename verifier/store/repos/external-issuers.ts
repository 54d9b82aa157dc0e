// Repositories of the external trust registry (migration 0025): issuers outside Sahih, their credential types by
// vct, and the operator's X.509 trust anchors. JSON columns are text, as everywhere in the store (portable).
import type { Kysely, Selectable } from 'kysely';
import type { Database, ExternalCredentialTypesTable, ExternalIssuersTable, TrustAnchorsTable } from '../schema.js';
import type { LocalizedText } from '../registry-types.js';

/** Where the issuer's keys come from: its SD-JWT VC issuer metadata, or an x5c chain to an operator trust anchor. */
export type ExternalKeySource = 'metadata' | 'x5c';
export type ExternalIssuerStatus = 'active' | 'suspended';

export interface ExternalIssuerRecord {
  /** The issuer identifier (`iss`), an https URL. */
  issuer: string;
  name: string;
  keySource: ExternalKeySource;
  status: ExternalIssuerStatus;
  createdAt: number;
  updatedAt: number;
}

export interface ExternalIssuersRepository {
  /** False when the issuer is already registered. */
  create(record: ExternalIssuerRecord): Promise<boolean>;
  get(issuer: string): Promise<ExternalIssuerRecord | undefined>;
  list(): Promise<ExternalIssuerRecord[]>;
  /** False when no such issuer. */
  setStatus(issuer: string, status: ExternalIssuerStatus, at: number): Promise<boolean>;
}

/** A claims path as in SD-JWT VC type metadata and DCQL: names, array indices, null for every array element. */
export type ExternalClaimPath = (string | number | null)[];

export interface ExternalClaimDefinition {
  path: ExternalClaimPath;
  label: LocalizedText;
  /** SD-JWT VC type metadata `sd`: always, allowed or never selectively disclosable. */
  sd?: 'always' | 'allowed' | 'never';
}

export interface ExternalCredentialTypeRecord {
  /** Short id purposes name (never the id of a Sahih-defined type). */
  id: string;
  vct: string;
  /** Issuer identifiers allowed to issue this vct. */
  issuers: string[];
  display: { name: LocalizedText; description: LocalizedText };
  claims: ExternalClaimDefinition[];
  /** The type metadata document as fetched (JSON text), kept for the record. */
  metadata: string;
  createdAt: number;
}

export interface ExternalCredentialTypesRepository {
  /** False when the id or the vct is taken. */
  create(record: ExternalCredentialTypeRecord): Promise<boolean>;
  get(id: string): Promise<ExternalCredentialTypeRecord | undefined>;
  getByVct(vct: string): Promise<ExternalCredentialTypeRecord | undefined>;
  list(): Promise<ExternalCredentialTypeRecord[]>;
  /** Replaces the issuers allowed to issue the type; false when no such type. */
  setIssuers(id: string, issuers: string[]): Promise<boolean>;
}

export interface TrustAnchorRecord {
  /** base64url SHA-256 of the certificate (DER). */
  id: string;
  pem: string;
  subject: string;
  notAfter: number;
  createdAt: number;
}

export interface TrustAnchorsRepository {
  /** False when the certificate is already an anchor. */
  add(record: TrustAnchorRecord): Promise<boolean>;
  list(): Promise<TrustAnchorRecord[]>;
  /** False when no such anchor. */
  remove(id: string): Promise<boolean>;
}

const inserted = (result: { numInsertedOrUpdatedRows?: bigint }) => Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;

function issuerRecord(row: Selectable<ExternalIssuersTable>): ExternalIssuerRecord {
  return {
    issuer: row.issuer,
    name: row.name,
    keySource: row.key_source as ExternalKeySource,
    status: row.status as ExternalIssuerStatus,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function externalIssuersRepository(db: Kysely<Database>): ExternalIssuersRepository {
  return {
    async create(r) {
      const result = await db
        .insertInto('external_issuers')
        .values({ issuer: r.issuer, name: r.name, key_source: r.keySource, status: r.status, created_at: r.createdAt, updated_at: r.updatedAt })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return inserted(result);
    },
    async get(issuer) {
      const row = await db.selectFrom('external_issuers').selectAll().where('issuer', '=', issuer).executeTakeFirst();
      return row ? issuerRecord(row) : undefined;
    },
    async list() {
      return (await db.selectFrom('external_issuers').selectAll().orderBy('issuer').execute()).map(issuerRecord);
    },
    async setStatus(issuer, status, at) {
      const result = await db.updateTable('external_issuers').set({ status, updated_at: at }).where('issuer', '=', issuer).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}

function typeRecord(row: Selectable<ExternalCredentialTypesTable>): ExternalCredentialTypeRecord {
  return {
    id: row.id,
    vct: row.vct,
    issuers: JSON.parse(row.issuers) as string[],
    display: JSON.parse(row.display) as ExternalCredentialTypeRecord['display'],
    claims: JSON.parse(row.claims) as ExternalClaimDefinition[],
    metadata: row.metadata,
    createdAt: Number(row.created_at),
  };
}

export function externalCredentialTypesRepository(db: Kysely<Database>): ExternalCredentialTypesRepository {
  return {
    async create(t) {
      const result = await db
        .insertInto('external_credential_types')
        .values({
          id: t.id,
          vct: t.vct,
          issuers: JSON.stringify(t.issuers),
          display: JSON.stringify(t.display),
          claims: JSON.stringify(t.claims),
          metadata: t.metadata,
          created_at: t.createdAt,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return inserted(result);
    },
    async get(id) {
      const row = await db.selectFrom('external_credential_types').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? typeRecord(row) : undefined;
    },
    async getByVct(vct) {
      const row = await db.selectFrom('external_credential_types').selectAll().where('vct', '=', vct).executeTakeFirst();
      return row ? typeRecord(row) : undefined;
    },
    async list() {
      return (await db.selectFrom('external_credential_types').selectAll().orderBy('id').execute()).map(typeRecord);
    },
    async setIssuers(id, issuers) {
      const result = await db.updateTable('external_credential_types').set({ issuers: JSON.stringify(issuers) }).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}

function anchorRecord(row: Selectable<TrustAnchorsTable>): TrustAnchorRecord {
  return { id: row.id, pem: row.pem, subject: row.subject, notAfter: Number(row.not_after), createdAt: Number(row.created_at) };
}

export function trustAnchorsRepository(db: Kysely<Database>): TrustAnchorsRepository {
  return {
    async add(a) {
      const result = await db
        .insertInto('trust_anchors')
        .values({ id: a.id, pem: a.pem, subject: a.subject, not_after: a.notAfter, created_at: a.createdAt })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return inserted(result);
    },
    async list() {
      return (await db.selectFrom('trust_anchors').selectAll().orderBy('created_at').orderBy('id').execute()).map(anchorRecord);
    },
    async remove(id) {
      const result = await db.deleteFrom('trust_anchors').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
