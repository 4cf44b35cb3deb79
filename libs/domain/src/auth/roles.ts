/** Roles (DESIGN §1). */
export const ROLES = ['staff', 'manager', 'director', 'admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The signed-in user as every service sees them. */
export interface Actor {
  id: string;
  username: string;
  role: Role;
  unitId: string;
  /** Materialised path of the actor's unit, e.g. `/150000/150100/150102/`. */
  unitPath: string;
}

/**
 * What an actor may see and change. `unitPath: null` means every unit.
 * Staff and managers see their unit's subtree; viewers read their unit's subtree (all when their unit
 * is the root); directors and admins see everything.
 */
export interface Scope {
  unitPath: string | null;
  canWrite: boolean;
  canCorrect: boolean;
}

export function scopeOf(actor: Actor): Scope {
  switch (actor.role) {
    case 'admin':
      return { unitPath: null, canWrite: true, canCorrect: true };
    case 'director':
      return { unitPath: null, canWrite: false, canCorrect: false };
    case 'manager':
      return { unitPath: actor.unitPath, canWrite: true, canCorrect: true };
    case 'staff':
      return { unitPath: actor.unitPath, canWrite: true, canCorrect: false };
    case 'viewer':
      return { unitPath: actor.unitPath, canWrite: false, canCorrect: false };
  }
}

export function pathWithin(path: string, scope: Scope): boolean {
  return scope.unitPath === null || path.startsWith(scope.unitPath);
}

export const canReadAudit = (actor: Actor) => actor.role === 'admin' || actor.role === 'director';
