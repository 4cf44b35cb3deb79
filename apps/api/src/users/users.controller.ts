import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '#domain';
import { ParseId } from '../common/params.js';
import { CurrentActor, Roles } from '../common/auth/auth.decorators.js';
import { CreateUserDto, UpdateUserDto } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  listUsers() {
    return this.users.list();
  }

  @Post()
  createUser(@CurrentActor() actor: Actor, @Body() body: CreateUserDto) {
    return this.users.create(actor, body);
  }

  @Patch(':id')
  updateUser(@CurrentActor() actor: Actor, @Param('id', ParseId) id: string, @Body() body: UpdateUserDto) {
    return this.users.update(actor, id, body);
  }
}
