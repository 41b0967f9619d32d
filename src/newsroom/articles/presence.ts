/** Someone with an article open in the editor. */
export interface Presence {
  personId: number;
  name: string;
  /** When they opened it (ISO-8601). */
  since: string;
  /** Their last heartbeat (ISO-8601). */
  lastSeen: string;
}

/**
 * Who has which article open. The embedded default keeps it in memory; in scale mode (many
 * app processes) a Redis implementation of this interface takes its place.
 */
export interface PresenceStore {
  /** Records a heartbeat from `person` on `articleId`; returns everyone else there now. */
  beat(articleId: number, person: { id: number; name: string }, now: Date): Presence[];
  /** `person` closed the article. */
  leave(articleId: number, personId: number): void;
}

/** A heartbeat older than this means the editor was closed (the client beats every 20 s). */
export const PRESENCE_TTL_MS = 60_000;

/** In-process presence for one app process. */
export function createMemoryPresenceStore(ttlMs: number = PRESENCE_TTL_MS): PresenceStore {
  const byArticle = new Map<number, Map<number, Presence>>();
  return {
    beat(articleId, person, now) {
      const here = byArticle.get(articleId) ?? new Map<number, Presence>();
      byArticle.set(articleId, here);
      const nowIso = now.toISOString();
      for (const [id, p] of here) if (now.getTime() - Date.parse(p.lastSeen) > ttlMs) here.delete(id);
      const mine = here.get(person.id);
      here.set(person.id, { personId: person.id, name: person.name, since: mine?.since ?? nowIso, lastSeen: nowIso });
      return [...here.values()].filter((p) => p.personId !== person.id);
    },
    leave(articleId, personId) {
      const here = byArticle.get(articleId);
      here?.delete(personId);
      if (here?.size === 0) byArticle.delete(articleId);
    },
  };
}
