import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ApiExceptionFilter } from './api-exception.filter';

/** Gives every HTTP route the one error shape (see api-exception.filter.ts). */
@Module({ providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }] })
export class ApiModule {}
