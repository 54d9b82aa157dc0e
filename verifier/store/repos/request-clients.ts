// The OpenID4VP client parameters fixed when a presentation request is made: the client identifier (and so the
// KB-JWT audience), the x5c chain its request object carries, the sealed ephemeral key that decrypts a
// direct_post.jwt answer, and the agency page the wallet returns the citizen to.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface RequestClientRecord {
  requestId: string;
  clientId: string;
  /** base64 DER, leaf first; null for a client identifier that needs none. */
  x5c: string[] | null;
  /** The private JWK of the response-encryption key, sealed; null when the request asks for a plain direct_post. */
  responseKeySealed: string | null;
  returnUrl: string | null;
  /** The request insists on a holder-signed consent record (a Sahih extension a standard wallet cannot give). */
  requireSignedConsent?: boolean;
  createdAt: number;
}

export interface RequestClientsRepository {
  insert(record: RequestClientRecord): Promise<void>;
  get(requestId: string): Promise<RequestClientRecord | undefined>;
}

export function requestClientsRepository(db: Kysely<Database>): RequestClientsRepository {
  return {
    async insert(r) {
      await db
        .insertInto('presentation_request_clients')
        .values({
          request_id: r.requestId,
          client_id: r.clientId,
          x5c: r.x5c === null ? null : JSON.stringify(r.x5c),
          response_key_sealed: r.responseKeySealed,
          return_url: r.returnUrl,
          require_signed_consent: r.requireSignedConsent ? 1 : 0,
          created_at: r.createdAt,
        })
        .execute();
    },
    async get(requestId) {
      const row = await db.selectFrom('presentation_request_clients').selectAll().where('request_id', '=', requestId).executeTakeFirst();
      if (!row) return undefined;
      return {
        requestId: row.request_id,
        clientId: row.client_id,
        x5c: row.x5c === null ? null : (JSON.parse(row.x5c) as string[]),
        responseKeySealed: row.response_key_sealed,
        returnUrl: row.return_url,
        requireSignedConsent: Number(row.require_signed_consent) === 1,
        createdAt: Number(row.created_at),
      };
    },
  };
}
