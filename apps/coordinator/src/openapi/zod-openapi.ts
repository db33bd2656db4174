import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

/**
 * The OpenAPI document describes request bodies from the same zod schemas that parse them,
 * so the two cannot drift apart. Schemas that JSON Schema cannot express (transforms)
 * become `{}` rather than failing the document.
 */
export function toOpenApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' });
  return jsonSchema as SchemaObject;
}

/** Documents a JSON request body by its zod schema. */
export function ApiZodBody(schema: z.ZodType, description?: string): MethodDecorator {
  return ApiBody({ schema: toOpenApiSchema(schema), ...(description ? { description } : {}) });
}

/** Documents every field of a zod object as a query parameter. */
export function ApiZodQuery(schema: z.ZodObject): MethodDecorator {
  const decorators = Object.entries(schema.shape).map(([name, field]) =>
    ApiQuery({ name, required: !(field as z.ZodType).safeParse(undefined).success, schema: toOpenApiSchema(field as z.ZodType) }),
  );
  return applyDecorators(...decorators);
}
