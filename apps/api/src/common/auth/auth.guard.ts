import { CanActivate, ExecutionContext, Injectable, UnauthorizedException, ForbiddenException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Actor, Role } from '#domain';
import { UserRepository } from '#persistence';
import { IS_PUBLIC, ROLES_KEY } from './auth.decorators.js';

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(). The user is reloaded
 * on each request, so a deactivated user or a changed role takes effect at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UserRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    const header = request.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'Sign in first: send Authorization: Bearer <accessToken>' });
    }
    let payload: { sub?: string };
    try {
      payload = await this.jwt.verifyAsync(token);
    } catch {
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'The access token is invalid or has expired' });
    }
    const found = payload.sub && /^[0-9a-f-]{36}$/i.test(payload.sub) ? await this.users.findWithUnit(payload.sub) : null;
    if (!found || !found.user.active) {
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'The account no longer exists or is deactivated' });
    }
    request.actor = {
      id: found.user.id,
      username: found.user.username,
      role: found.user.role,
      unitId: found.unit.id,
      unitPath: found.unit.path,
    };
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(found.user.role)) {
      throw new ForbiddenException({ code: 'FORBIDDEN', message: `This action needs one of the roles: ${roles.join(', ')}` });
    }
    return true;
  }
}
