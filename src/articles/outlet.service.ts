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

/** Changes the outlet's settings after validating them; returns the settings now in force. */
export async function changeOutlet(db: Db, changes: Partial<Outlet>): Promise<Outlet> {
  const valid = parseInput(OutletChangesSchema, changes, '媒体设置无效');
  await updateOutlet(db, valid);
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
  return upsertSection(db, parseInput(SectionSchema, section, '栏目设置无效'));
}

/** The staff member with this display name, created or given `role`. */
export async function ensureStaff(db: Queryable, displayName: string, role: PersonRole, now: Date = new Date()): Promise<Person> {
  const person = await findOrCreatePerson(db, displayName, role, now.toISOString());
  if (person.role !== role) await setPersonRole(db, person.id, role);
  return { ...person, role };
}
