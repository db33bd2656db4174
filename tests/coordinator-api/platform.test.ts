import { bootTestCoordinator, type TestCoordinator } from './coordinator.harness';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[] }>>;
  components: { securitySchemes?: Record<string, unknown>; schemas?: Record<string, unknown> };
}

describe('coordinator API: OpenAPI, metrics, health, errors', () => {
  let hub: TestCoordinator;

  beforeAll(async () => {
    hub = await bootTestCoordinator();
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('describes every route in the OpenAPI document, with bearer auth', async () => {
    // ACT
    const response = await hub.request<OpenApiDocument>('GET', '/api/docs/json', { token: null });
    const ui = await hub.request('GET', '/api/docs', { token: null });

    // ASSERT
    expect(response.status).toBe(200);
    const { paths, components } = response.body;
    const routes = Object.entries(paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/workflows',
        'GET /api/workflows',
        'POST /api/workflows/upsert-by-name',
        'GET /api/workflows/{id}',
        'PUT /api/workflows/{id}',
        'GET /api/workflows/{id}/versions',
        'GET /api/workflows/{id}/versions/{version}',
        'GET /api/workflows/{id}/diff',
        'POST /api/workflows/{id}/restore',
        'POST /api/tokens',
        'GET /api/tokens',
        'DELETE /api/tokens/{id}',
        'GET /metrics',
        'GET /health',
      ]),
    );
    expect(components.securitySchemes).toHaveProperty('bearer');
    expect(components.schemas).toHaveProperty('ApiError');
    expect(paths['/health']!.get!.security).toEqual([]);
    expect(paths['/api/workflows']!.post).toHaveProperty('requestBody');
    expect(ui.status).toBe(200);
    expect(ui.text).toMatch(/swagger/i);
  });

  it('exposes Prometheus metrics', async () => {
    // ACT
    const response = await hub.request('GET', '/metrics', { token: null });

    // ASSERT
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    for (const name of ['rh_runs_total', 'rh_runs_active', 'rh_node_duration_seconds', 'rh_queue_depth', 'rh_process_resident_memory_bytes']) {
      expect(response.text).toContain(`# TYPE ${name}`);
    }
  });

  it('reports health', async () => {
    const response = await hub.request<{ status: string; database: string }>('GET', '/health', { token: null });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', database: 'postgres', replica: expect.any(String) });
  });

  it('answers unknown routes with the error shape', async () => {
    const response = await hub.request<{ error: { code: string; message: string } }>('GET', '/api/no-such-route');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });
});
