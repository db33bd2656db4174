import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ApiErrorBodySchema } from './api-error.schema';
import { toOpenApiSchema } from './zod-openapi';

/** Swagger UI; open, like the API description it shows (it holds no data). */
export const OPENAPI_UI_PATH = 'api/docs';
/** The OpenAPI 3 document as JSON, for client generators and the tests. */
export const OPENAPI_JSON_PATH = 'api/docs/json';
/** Name of the bearer scheme every `/api` operation requires. */
export const BEARER_SCHEME = 'bearer';

/**
 * Describes every route of the running application. Operations under `/api` require the
 * bearer token (`Authorization: Bearer rh_...`); `/health` and `/metrics` are marked open.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Runtime Hub coordinator')
    .setDescription(
      'REST API of the Runtime Hub coordinator. Every failure answers `{ error: { code, message, details? } }` (schema `ApiError`).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API token (rh_...), see POST /api/tokens' }, BEARER_SCHEME)
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ApiError: toOpenApiSchema(ApiErrorBodySchema, 'output') },
  };
  const errorResponse = { description: 'the error: `{ error: { code, message, ... } }`', content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of [item.get, item.put, item.post, item.delete, item.patch]) {
      if (!operation) continue;
      if (path.startsWith('/api/')) {
        operation.responses = { ...operation.responses, '401': { ...errorResponse, description: 'no valid API token' }, default: errorResponse };
      } else {
        operation.security = [];
      }
    }
  }
  return document;
}

/** Serves the UI at /api/docs and the JSON at /api/docs/json. Call before `listen`. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_UI_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: `${OPENAPI_UI_PATH}/yaml`,
    swaggerOptions: { persistAuthorization: true },
  });
}
