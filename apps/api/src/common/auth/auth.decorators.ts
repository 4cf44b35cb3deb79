import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor, Role } from '#domain';

export const IS_PUBLIC = 'luodi:public';
export const ROLES_KEY = 'luodi:roles';

/** The route needs no access token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only these roles may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The signed-in user, resolved by AuthGuard. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  return (ctx.switchToHttp().getRequest() as { actor: Actor }).actor;
});
