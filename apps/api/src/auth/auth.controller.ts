import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '#domain';
import { UserRepository } from '#persistence';
import { CurrentActor, Public } from '../common/auth/auth.decorators.js';
import { toUserResponse } from '../users/user.response.js';
import { LoginDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UserRepository,
  ) {}

  /** Exchanges username and password for an access token. Rate-limited per client address. */
  @Public()
  // Limits come from LOGIN_RATE_LIMIT (per client address and minute), registered in app.factory.ts.
  @RouteConfig({ rateLimit: {} })
  @Post('login')
  @HttpCode(200)
  login(@Body() body: LoginDto) {
    return this.auth.login(body.username, body.password);
  }

  @ApiBearerAuth()
  @Get('me')
  async me(@CurrentActor() actor: Actor) {
    const found = await this.users.findWithUnit(actor.id);
    return { ...toUserResponse(found!.user), unit: { id: found!.unit.id, nameZh: found!.unit.nameZh, path: found!.unit.path } };
  }
}
