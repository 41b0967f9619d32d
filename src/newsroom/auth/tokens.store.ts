import type { Queryable } from '../../platform/db/database.js';

/** An api_tokens row with its owner's name (never the hash). */
export interface TokenRow {
  id: number;
  person_id: number;
  owner_name: string;
  name: string;
  scopes: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const TOKEN_COLUMNS = [
  'api_tokens.id',
  'api_tokens.person_id',
  'people.display_name as owner_name',
  'api_tokens.name',
  'api_tokens.scopes',
  'api_tokens.created_at',
  'api_tokens.last_used_at',
  'api_tokens.revoked_at',
] as const;

export async function insertToken(
  db: Queryable,
  row: { person_id: number; name: string; token_hash: string; scopes: string; created_at: string },
): Promise<number> {
  const { id } = await db.insertInto('api_tokens').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function findTokenById(db: Queryable, id: number): Promise<TokenRow | undefined> {
  return db.selectFrom('api_tokens').innerJoin('people', 'people.id', 'api_tokens.person_id').select(TOKEN_COLUMNS).where('api_tokens.id', '=', id).executeTakeFirst();
}

export async function findTokenByHash(db: Queryable, tokenHash: string): Promise<TokenRow | undefined> {
  return db
    .selectFrom('api_tokens')
    .innerJoin('people', 'people.id', 'api_tokens.person_id')
    .select(TOKEN_COLUMNS)
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Tokens newest first: one person's, or everyone's when `personId` is null. */
export async function selectTokens(db: Queryable, personId: number | null): Promise<TokenRow[]> {
  let query = db.selectFrom('api_tokens').innerJoin('people', 'people.id', 'api_tokens.person_id').select(TOKEN_COLUMNS).orderBy('api_tokens.id', 'desc');
  if (personId !== null) query = query.where('api_tokens.person_id', '=', personId);
  return query.execute();
}

export async function markRevoked(db: Queryable, id: number, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export async function markUsed(db: Queryable, id: number, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}
