import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '#domain';
import { CurrentActor, Roles } from '../common/auth/auth.decorators.js';
import { AssignableUsersQueryDto } from './users.dto.js';
import { UsersService } from './users.service.js';

/**
 * Who alerts can be assigned to (for the assign dialog). A controller of its own: UsersController is
 * admin-only, while managers and directors assign alerts too.
 */
@ApiTags('users')
@ApiBearerAuth()
@Roles('manager', 'director', 'admin')
@Controller('users')
export class AssignableUsersController {
  constructor(private readonly users: UsersService) {}

  /** Active staff and managers of the unit or an ancestor unit: exactly whom POST /alerts/:id/assign accepts there. */
  @Get('assignable')
  listAssignableUsers(@CurrentActor() actor: Actor, @Query() query: AssignableUsersQueryDto) {
    return this.users.assignable(actor, query.unitId);
  }
}
