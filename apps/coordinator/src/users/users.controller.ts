import { Body, Controller, Get, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../audit/audit.decorator';
import { Requires } from '../auth/requires.decorator';
import { ApiZodBody } from '../openapi/zod-openapi';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { CreateUserBodySchema, UpdateUserBodySchema, UserIdSchema, type CreateUserBody, type UpdateUserBody, type UserRecord } from './users.schemas';
import { UsersService } from './users.service';

const idPipe = new ZodValidationPipe(UserIdSchema);

/** /api/users: people (admin). There is no delete: a user is disabled, so the audit log and runs keep naming them. */
@ApiTags('users')
@Controller('api/users')
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Post()
  @Requires('users.manage')
  @Audit('users.create', 'user')
  @ApiOperation({ summary: 'Create a user with a role (viewer, operator, editor, admin) and optionally a password (409 if the email is taken)' })
  @ApiZodBody(CreateUserBodySchema)
  create(@Body(new ZodValidationPipe(CreateUserBodySchema)) body: CreateUserBody): Promise<UserRecord> {
    return this.users.create(body);
  }

  @Get()
  @Requires('users.manage')
  @ApiOperation({ summary: 'List users (never their passwords)' })
  async list(): Promise<{ items: UserRecord[] }> {
    return { items: await this.users.list() };
  }

  @Get(':id')
  @Requires('users.manage')
  @ApiOperation({ summary: 'One user' })
  get(@Param('id', idPipe) id: string): Promise<UserRecord> {
    return this.users.get(id);
  }

  @Patch(':id')
  @Requires('users.manage')
  @Audit('users.update', 'user')
  @ApiOperation({ summary: "Change a user's name, role, password or disabled flag; disabling (or a new password) ends all their sessions and tokens" })
  @ApiZodBody(UpdateUserBodySchema)
  update(@Param('id', idPipe) id: string, @Body(new ZodValidationPipe(UpdateUserBodySchema)) body: UpdateUserBody): Promise<UserRecord> {
    return this.users.update(id, body);
  }
}
