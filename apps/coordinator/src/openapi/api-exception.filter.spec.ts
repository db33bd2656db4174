import { HttpStatus, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import pino from 'pino';
import { z } from 'zod';
import { RateLimitedError } from '../edge/rate-limited.error';
import { ApiError } from './api-error';
import { ApiExceptionFilter } from './api-exception.filter';

interface Captured {
  status?: number;
  body?: { error: Record<string, unknown> };
  headers: Record<string, string>;
}

function httpHost(captured: Captured): ArgumentsHost {
  const response = {
    headersSent: false,
    setHeader: (name: string, value: string) => (captured.headers[name] = value),
    status(code: number) {
      captured.status = code;
      return this;
    },
    json: (body: Captured['body']) => (captured.body = body),
  };
  const request = { method: 'POST', originalUrl: '/api/workflows' };
  return {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ArgumentsHost;
}

function respond(exception: unknown): { captured: Captured; logged: string[] } {
  const logged: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logged.push(line) });
  const captured: Captured = { headers: {} };
  new ApiExceptionFilter(logger).catch(exception, httpHost(captured));
  return { captured, logged };
}

describe('ApiExceptionFilter', () => {
  it('answers an ApiError with its status, code and fields', () => {
    const { captured } = respond(new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'two problems', { problems: [{ nodeId: 'a' }] }));
    expect(captured.status).toBe(400);
    expect(captured.body).toEqual({ error: { code: 'VALIDATION_FAILED', message: 'two problems', problems: [{ nodeId: 'a' }] } });
  });

  it('asks for a bearer token on 401', () => {
    const { captured } = respond(ApiError.unauthorized('no token'));
    expect(captured.status).toBe(401);
    expect(captured.headers['WWW-Authenticate']).toBe('Bearer');
  });

  it('turns a zod error into 400 naming every path', () => {
    const parsed = z.object({ name: z.string(), nodes: z.array(z.object({ id: z.string() })) }).safeParse({ nodes: [{}] });
    const { captured } = respond(parsed.error);
    expect(captured.status).toBe(400);
    expect(captured.body!.error.code).toBe('INVALID_REQUEST');
    expect(captured.body!.error.message).toMatch(/^name: .*; nodes\.0\.id: /);
  });

  it('keeps the status of NestJS HTTP exceptions, named as the code', () => {
    const { captured } = respond(new NotFoundException('Cannot GET /api/nope'));
    expect(captured.status).toBe(404);
    expect(captured.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Cannot GET /api/nope' } });
  });

  it('answers 500 for anything else, logging the stack under an id the client gets, never the stack itself', () => {
    const { captured, logged } = respond(new Error('secret connection string postgres://u:p@db'));
    expect(captured.status).toBe(500);
    const { code, message, details } = captured.body!.error as { code: string; message: string; details: { errorId: string } };
    expect(code).toBe('INTERNAL');
    expect(message).not.toContain('secret');
    expect(JSON.stringify(captured.body)).not.toContain('at ');
    const entry = logged.map((line) => JSON.parse(line) as { errorId?: string; err?: { stack?: string } }).find((line) => line.errorId === details.errorId);
    expect(entry?.err?.stack).toContain('secret connection string');
  });

  it('answers a rate-limit refusal 429 with Retry-After in whole seconds and the limit named', () => {
    const { captured } = respond(new RateLimitedError('signIn', 'address', 41_200, 'too many failed sign-ins from address 10.0.0.7'));
    expect(captured.status).toBe(429);
    expect(captured.headers['Retry-After']).toBe('42');
    expect(captured.body!.error).toEqual({
      code: 'RATE_LIMITED',
      message: 'too many failed sign-ins from address 10.0.0.7',
      details: { limit: 'signIn', variable: 'RH_RATE_LIMIT_SIGN_IN', over: 'address', retryAfterSeconds: 42 },
    });
  });

  it('answers a value the database refused as out of range 400, not 500, without the query', () => {
    const driverError = Object.assign(new Error('value "2147483648" is out of range for type integer'), { code: '22003' });
    const wrapped = new Error('Failed query: select ... params: 2147483648', { cause: driverError });
    const { captured, logged } = respond(wrapped);
    expect(captured.status).toBe(400);
    expect(captured.body!.error).toEqual({ code: 'INVALID_REQUEST', message: 'a value of the request cannot be stored: value "2147483648" is out of range for type integer', details: { sqlState: '22003' } });
    expect(logged.some((line) => (JSON.parse(line) as { level: number }).level === 40)).toBe(true);
    expect(respond(Object.assign(new Error('deadlock detected'), { code: '40P01' })).captured.status).toBe(500);
  });
});
