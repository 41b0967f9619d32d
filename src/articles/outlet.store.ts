import type { Queryable } from '../platform/db/database.js';
import { ValidationError } from '../platform/errors.js';
import type { Outlet, Person, PersonRole, Script, Section } from './model.js';

export type { Queryable };

// ---- outlet and sections -------------------------------------------------------------

/** The outlet's settings (there is exactly one row, created by the first migration). */
export async function getOutlet(db: Queryable): Promise<Outlet> {
  const row = await db
    .selectFrom('outlet')
    .leftJoin('sections', 'sections.id', 'outlet.default_section_id')
    .select([
      'outlet.name',
      'outlet.short_name',
      'outlet.default_script',
      'outlet.timezone',
      'outlet.tip_copy',
      'outlet.taiwan_phrases',
      'sections.slug as default_section_slug',
    ])
    .where('outlet.id', '=', 1)
    .executeTakeFirstOrThrow();
  return {
    name: row.name,
    shortName: row.short_name,
    defaultScript: row.default_script as Script,
    timezone: row.timezone,
    tipCopy: row.tip_copy,
    defaultSectionSlug: row.default_section_slug,
    taiwanPhrases: row.taiwan_phrases === 1,
  };
}

/** Updates the outlet's settings; the default section is given by slug. */
export async function updateOutlet(db: Queryable, outlet: Partial<Outlet>): Promise<void> {
  let defaultSectionId: number | null | undefined;
  if (outlet.defaultSectionSlug !== undefined) {
    defaultSectionId = outlet.defaultSectionSlug === null ? null : (await getSectionBySlug(db, outlet.defaultSectionSlug))?.id;
    if (defaultSectionId === undefined) {
      throw new ValidationError('栏目不存在', [`defaultSectionSlug: no section with slug "${outlet.defaultSectionSlug}"`]);
    }
  }
  await db
    .updateTable('outlet')
    .set({
      ...(outlet.name !== undefined && { name: outlet.name }),
      ...(outlet.shortName !== undefined && { short_name: outlet.shortName }),
      ...(outlet.defaultScript !== undefined && { default_script: outlet.defaultScript }),
      ...(outlet.timezone !== undefined && { timezone: outlet.timezone }),
      ...(outlet.tipCopy !== undefined && { tip_copy: outlet.tipCopy }),
      ...(outlet.taiwanPhrases !== undefined && { taiwan_phrases: outlet.taiwanPhrases ? 1 : 0 }),
      ...(defaultSectionId !== undefined && { default_section_id: defaultSectionId }),
    })
    .where('id', '=', 1)
    .execute();
}

/** Sections in display order. */
export async function listSections(db: Queryable): Promise<Section[]> {
  return db.selectFrom('sections').select(['id', 'slug', 'name', 'position']).orderBy('position').orderBy('id').execute();
}

export async function getSectionBySlug(db: Queryable, slug: string): Promise<Section | undefined> {
  return db.selectFrom('sections').select(['id', 'slug', 'name', 'position']).where('slug', '=', slug).executeTakeFirst();
}

/** Creates the section or renames and reorders it. */
export async function upsertSection(db: Queryable, section: Omit<Section, 'id'>): Promise<Section> {
  const existing = await getSectionBySlug(db, section.slug);
  if (existing) {
    await db.updateTable('sections').set({ name: section.name, position: section.position }).where('id', '=', existing.id).execute();
    return { ...existing, ...section };
  }
  const { id } = await db.insertInto('sections').values(section).returning('id').executeTakeFirstOrThrow();
  return { id, ...section };
}

// ---- people -----------------------------------------------------------------------

export async function findPersonByName(db: Queryable, displayName: string): Promise<Person | undefined> {
  const row = await db
    .selectFrom('people')
    .select(['id', 'display_name', 'role'])
    .where('display_name', '=', displayName)
    .executeTakeFirst();
  return row && { id: row.id, displayName: row.display_name, role: row.role as PersonRole };
}

export async function getPerson(db: Queryable, id: number): Promise<Person | undefined> {
  const row = await db.selectFrom('people').select(['id', 'display_name', 'role']).where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, displayName: row.display_name, role: row.role as PersonRole };
}

/** The person with this display name, created with `role` when there is none yet. */
export async function findOrCreatePerson(db: Queryable, displayName: string, role: PersonRole, now: string): Promise<Person> {
  const existing = await findPersonByName(db, displayName);
  if (existing) return existing;
  const { id } = await db
    .insertInto('people')
    .values({ display_name: displayName, role, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, displayName, role };
}

/** Changes the role of an existing person (used by the seed to promote contributors). */
export async function setPersonRole(db: Queryable, id: number, role: PersonRole): Promise<void> {
  await db.updateTable('people').set({ role }).where('id', '=', id).execute();
}
