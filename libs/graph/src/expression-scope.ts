/** What templates and expressions see (docs/ARCHITECTURE.md: JSONata over `{ inputs, nodes, run }`). */
export interface ExpressionScope {
  inputs: Record<string, unknown>;
  nodes: Record<string, { output?: unknown; status?: string; port?: string }>;
  run: Record<string, unknown>;
}
