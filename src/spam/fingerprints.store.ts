import type { Queryable } from '../platform/db/database.js';

/** A recent text of someone else's that shares a band with the one being checked. */
export interface FingerprintCandidate {
  id: number;
  readerKey: string;
  signature: string;
}

/** Fingerprints since `since` sharing any of `bands` (each once). */
export async function selectCandidates(db: Queryable, bands: readonly string[], since: string): Promise<FingerprintCandidate[]> {
  if (bands.length === 0) return [];
  const rows = await db
    .selectFrom('spam_fingerprint_bands as b')
    .innerJoin('spam_fingerprints as f', 'f.id', 'b.fingerprint_id')
    .select(['f.id', 'f.reader_key', 'f.signature'])
    .distinct()
    .where('b.band', 'in', [...bands])
    .where('f.created_at', '>=', since)
    .execute();
  return rows.flatMap((r) => (r.signature ? [{ id: r.id, readerKey: r.reader_key, signature: r.signature }] : []));
}

/** How many texts a reader key, or a network key, has sent since `since`. */
export async function countSince(db: Queryable, column: 'reader_key' | 'network_key', key: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('spam_fingerprints')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where(column, '=', key)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertFingerprint(
  db: Queryable,
  row: { createdAt: string; readerKey: string; networkKey: string; signature: string | null; bands: readonly string[] },
): Promise<void> {
  const { id } = await db
    .insertInto('spam_fingerprints')
    .values({ created_at: row.createdAt, reader_key: row.readerKey, network_key: row.networkKey, signature: row.signature })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (row.bands.length > 0) {
    await db
      .insertInto('spam_fingerprint_bands')
      .values([...new Set(row.bands)].map((band) => ({ fingerprint_id: id, band })))
      .execute();
  }
}

/** Deletes fingerprints older than `before` (their bands first, so no foreign-key setting is relied on). */
export async function deleteFingerprintsBefore(db: Queryable, before: string): Promise<number> {
  const old = db.selectFrom('spam_fingerprints').select('id').where('created_at', '<', before);
  await db.deleteFrom('spam_fingerprint_bands').where('fingerprint_id', 'in', old).execute();
  const result = await db.deleteFrom('spam_fingerprints').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
