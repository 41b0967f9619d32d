import { sql, type Compilable, type CompiledQuery, type Expression } from 'kysely';
import type { Queryable } from './database.js';

/** Stands in for the n-th value while a precompiled query is built; replaced at each run. */
class Slot {
  constructor(readonly index: number) {}
}

/** The expressions a precompiled query's builder receives, one per value. */
export type Slots<P extends readonly unknown[]> = { [K in keyof P]: Expression<P[K]> };

/** A query built and compiled once per database handle, run with new values. */
export interface Precompiled<P extends readonly unknown[], R> {
  /** Runs the query with `values` in the builder's slots; all rows. */
  execute(db: Queryable, ...values: P): Promise<R[]>;
}

/**
 * A query whose shape does not change between runs, built by `build` once per database handle
 * (the SQL differs between dialects) and then run with new values: Kysely builds and compiles
 * a query on every `execute()`, about 40 µs each on a hot path such as the article page. The
 * builder gets one expression per value (`Expression<T>`, accepted wherever Kysely takes a
 * value); it must not branch on them, and it runs again for each new handle (a transaction
 * is one). Values are bound as parameters, as Kysely binds them.
 *
 * @example
 * const byId = precompile((db, id: Expression<number>) => db.selectFrom('tags').selectAll().where('id', '=', id));
 * const [tag] = await byId.execute(db, 7);
 */
export function precompile<P extends readonly unknown[], R>(build: (db: Queryable, ...slots: Slots<P>) => Compilable<R>): Precompiled<P, R> {
  const compiled = new WeakMap<Queryable, CompiledQuery<R>>();
  // The builder's declared parameters after `db` are its slots (no defaults or rest there).
  const slots = Array.from({ length: Math.max(0, build.length - 1) }, (_, i) => sql`${new Slot(i)}`) as unknown as Slots<P>;
  return {
    async execute(db, ...values) {
      let query = compiled.get(db);
      if (query === undefined) {
        query = build(db, ...slots).compile();
        compiled.set(db, query);
      }
      const parameters = query.parameters.map((p) => (p instanceof Slot ? values[p.index] : p));
      return (await db.executeQuery<R>({ ...query, parameters })).rows;
    },
  };
}
