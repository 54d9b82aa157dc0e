// Migration 0026: the operator's X.509 CA (certificate, its private key sealed under the KEK when the service holds
// it), the leaf certificates it issued for agency request-object keys (cached per key and CA), and the OpenID4VP
// client parameters of each presentation request (its client identifier, the x5c it is signed with, the ephemeral
// response-encryption key, the agency's return URL), kept apart from presentation_requests so that table stays as is.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('operator_cas')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('certificate', 'text', (col) => col.notNull())
    .addColumn('chain', 'text', (col) => col.notNull())
    .addColumn('private_key_sealed', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('not_after', 'bigint', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('agency_certificates')
    .addColumn('kid', 'text', (col) => col.notNull())
    .addColumn('ca_id', 'text', (col) => col.notNull())
    .addColumn('agency_id', 'text', (col) => col.notNull())
    .addColumn('certificate', 'text', (col) => col.notNull())
    .addColumn('not_after', 'bigint', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('agency_certificates_pk', ['kid', 'ca_id'])
    .execute();
  await db.schema
    .createTable('presentation_request_clients')
    .addColumn('request_id', 'text', (col) => col.primaryKey())
    .addColumn('client_id', 'text', (col) => col.notNull())
    .addColumn('x5c', 'text')
    .addColumn('response_key_sealed', 'text')
    .addColumn('return_url', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
}
