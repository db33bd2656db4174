import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Helmet on every response, with a strict Content Security Policy: scripts, styles, images
 * and connections from this origin only (plus `ws:`/`wss:` for Socket.IO and `data:` images),
 * no inline script or style, no plugins, no framing. The dashboard needs nothing more: its
 * build has no inline script, its CSS is one file, and what React and React Flow set on
 * `element.style` is not governed by `style-src`.
 *
 * Swagger UI (`/api/docs`) is the one exception: its page carries inline `<style>` blocks,
 * so its policy allows inline styles (never inline scripts).
 */

const STRICT_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'", 'ws:', 'wss:'],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Where Swagger UI is served (see openapi/openapi.setup.ts). */
const API_DOCS_PREFIX = '/api/docs';

export function securityHeaders(): RequestHandler {
  const strict = helmet({ contentSecurityPolicy: { useDefaults: false, directives: STRICT_DIRECTIVES } });
  const docs = helmet({ contentSecurityPolicy: { useDefaults: false, directives: { ...STRICT_DIRECTIVES, styleSrc: ["'self'", "'unsafe-inline'"] } } });
  return (request: Request, response: Response, next: NextFunction) => {
    const forDocs = request.path.toLowerCase().startsWith(API_DOCS_PREFIX);
    (forDocs ? docs : strict)(request, response, next);
  };
}
