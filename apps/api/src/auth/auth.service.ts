import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '#config';
import { DomainError, DomainErrorCode } from '#domain';
import { UserRepository, verifyPassword } from '#persistence';
import { toUserResponse, UserResponse } from '../users/user.response.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string): Promise<{ accessToken: string; expiresIn: number; user: UserResponse }> {
    const user = await this.users.findForLogin(username);
    const ok = await verifyPassword(user?.passwordHash, password);
    if (!user || !ok || !user.active) {
      throw new DomainError(DomainErrorCode.InvalidCredentials, 'Wrong username or password');
    }
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role });
    return { accessToken, expiresIn: this.config.auth.jwtTtlSeconds, user: toUserResponse(user) };
  }
}
