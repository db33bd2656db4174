import { setImmediate as nextTurn } from 'node:timers/promises';
import { HttpStatus } from '@nestjs/common';
import { runStepsInTurns } from '@runtime-hub/graph';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ApiError } from '../openapi/api-error';
import { INVALID_REQUEST } from '../openapi/api-error.schema';
import { INPUT_VALUES_PER_TURN } from '../config/defaults';
import { findUnsafeInput, inputPathText, unsafeInputSteps, unsafeTextProblem, type InputProblem } from './unsafe-input';

/**
 * Express middleware, after the JSON body parser and before any route: a request whose body,
 * query string or path carries unsafe input (unsafe-input.ts) is answered 400 INVALID_REQUEST
 * naming the field (`body.definition.nodes.3.config.script: contains a NUL character ...`),
 * with `details.issues` shaped like a zod failure's. Nothing behind it sees such input.
 */
export function inputHygiene(maxDepth: number): RequestHandler {
  return (request: Request, _response: Response, next: NextFunction) => {
    requestProblem(request, maxDepth).then((found) => {
      if (!found) return next();
      const path = inputPathText(found.where, found.problem.path);
      const issue = { path, message: found.problem.message };
      next(new ApiError(HttpStatus.BAD_REQUEST, INVALID_REQUEST, `${path}: ${found.problem.message}`, { details: { issues: [issue] } }));
    }, next);
  };
}

async function requestProblem(request: Request, maxDepth: number): Promise<{ where: string; problem: InputProblem } | undefined> {
  const inPath = pathProblem(request.path);
  if (inPath) return { where: 'path', problem: inPath };
  const inQuery = findUnsafeInput(request.query, maxDepth);
  if (inQuery) return { where: 'query', problem: inQuery };
  // The body in steps, the event loop given back between: a 10,000-node definition walked in
  // one go held it for 60-130 ms on a busy host.
  const inBody = await runStepsInTurns(unsafeInputSteps(request.body, maxDepth, INPUT_VALUES_PER_TURN), () => nextTurn());
  return inBody ? { where: 'body', problem: inBody } : undefined;
}

/** A path segment that decodes to unsafe text (`/api/workflows/%00`); a malformed escape is the router's to refuse. */
function pathProblem(path: string): InputProblem | undefined {
  const segments = path.split('/');
  for (const [index, segment] of segments.entries()) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      continue;
    }
    const message = unsafeTextProblem(decoded);
    if (message) return { path: [index], message: `segment "${segment}" ${message}` };
  }
  return undefined;
}
