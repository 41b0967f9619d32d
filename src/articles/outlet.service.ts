import { z } from 'zod';
import type { Db } from '../platform/db/database.js';
import { parseInput } from '../platform/validation.js';
import { isValidTimeZone } from '../platform/time.js';
import type { Outlet, Person, PersonRole, Section } from './model.js';
import {
  findOrCreatePerson,
  getOutlet,
  getPerson,
  getSectionBySlug,
  listSections,
  setPersonRole,
  updateOutlet,
  upsertSection,
  type Queryable,
} from './outlet.store.js';

const OutletChangesSchema = z
  .object({
    name: z.string().trim().min(1).max(50),
    shortName: z.string().trim().min(1).max(20),
    defaultScript: z.enum(['zh-Hans', 'zh-Hant']),
    timezone: z.string().refine(isValidTimeZone, 'unknown timezone (use an IANA name such as Asia/Taipei)'),
    tipCopy: z.string().trim().max(1_000),
    defaultSectionSlug: z.string().nullable(),
    taiwanPhrases: z.boolean(),
  })
  .partial();

const SectionSchema = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/, 'lowercase letters, digits and hyphens, at most 50'),
  name: z.string().trim().min(1).max(20),
  position: z.number().int().min(0).max(10_000),
});

/** The outlet's settings (name, timezone, default section, …). */
export async function outletSettings(db: Queryable): Promise<Outlet> {
  return getOutlet(db);
}

/** How long `siteSettings` keeps its copy: how soon a change made by another process shows. */
export const SITE_SETTINGS_TTL_MS = 5_000;

// Bumped by every change made through this module, so a kept copy is dropped at once in the
// process that made the change.
let settingsVersion = 0;
const kept = new WeakMap<object, { at: number; version: number; value: Promise<{ outlet: Outlet; sections: Section[] }> }>();

/**
 * The outlet's settings and its sections, as every page needs them: read at most once per
 * SITE_SETTINGS_TTL_MS per database handle instead of twice per request. A change through
 * changeOutlet or saveSection in this process shows at once; one made by another process (the
 * CLI, a second instance) within the TTL.
 */
export function siteSettings(db: Db, now: number = Date.now()): Promise<{ outlet: Outlet; sections: Section[] }> {
  const hit = kept.get(db);
  if (hit && hit.version === settingsVersion && now - hit.at < SITE_SETTINGS_TTL_MS && now >= hit.at) return hit.value;
  const value = Promise.all([getOutlet(db), listSections(db)]).then(([outlet, sections]) => ({ outlet, sections }));
  kept.set(db, { at: now, version: settingsVersion, value });
  // A failed read is not kept: the next page asks again.
  value.catch(() => {
    if (kept.get(db)?.value === value) kept.delete(db);
  });
  return value;
}

/** Changes the outlet's settings after validating them; returns the settings now in force. */
export async function changeOutlet(db: Db, changes: Partial<Outlet>): Promise<Outlet> {
  const valid = parseInput(OutletChangesSchema, changes, '媒体设置无效');
  await updateOutlet(db, valid);
  settingsVersion++;
  return getOutlet(db);
}

/** Sections (desks) in display order. */
export async function allSections(db: Queryable): Promise<Section[]> {
  return listSections(db);
}

/** The person with this id, if any. */
export async function personById(db: Queryable, id: number): Promise<Person | undefined> {
  return getPerson(db, id);
}

/** The section with this slug, if any. */
export async function sectionBySlug(db: Queryable, slug: string): Promise<Section | undefined> {
  return getSectionBySlug(db, slug);
}

/** Adds a section, or renames and reorders the one with that slug. */
export async function saveSection(db: Queryable, section: Omit<Section, 'id'>): Promise<Section> {
  const saved = await upsertSection(db, parseInput(SectionSchema, section, '栏目设置无效'));
  settingsVersion++;
  return saved;
}

/** The staff member with this display name, created or given `role`. */
export async function ensureStaff(db: Queryable, displayName: string, role: PersonRole, now: Date = new Date()): Promise<Person> {
  const person = await findOrCreatePerson(db, displayName, role, now.toISOString());
  if (person.role !== role) await setPersonRole(db, person.id, role);
  return { ...person, role };
}
