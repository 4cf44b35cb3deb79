import type { UserEntity } from '#persistence';

export interface UserResponse {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: UserEntity['role'];
  unitId: string;
  locale: UserEntity['locale'];
  active: boolean;
  version: number;
}

export function toUserResponse(u: UserEntity): UserResponse {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    role: u.role,
    unitId: u.unitId,
    locale: u.locale,
    active: u.active,
    version: u.version,
  };
}
