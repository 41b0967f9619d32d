/** Roles with a login. `contributor` (named in copy, no login) is not one of them. */
export const STAFF_ROLES = ['admin', 'editor', 'reporter', 'moderator'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A signed-in staff member (or an API token acting for one), as permission checks see them. */
export interface Actor {
  id: number;
  displayName: string;
  role: StaffRole;
  /** True when not limited to particular desks. */
  allDesks: boolean;
  /** Section ids of the desks held when `allDesks` is false. */
  deskIds: number[];
}

/** Whether `actor` works on the desk (section) `sectionId`. Admins work on every desk. */
export function worksOnDesk(actor: Actor, sectionId: number): boolean {
  return actor.role === 'admin' || actor.allDesks || actor.deskIds.includes(sectionId);
}
