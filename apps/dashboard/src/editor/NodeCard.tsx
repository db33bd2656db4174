import { Handle, Position } from '@xyflow/react';
import { ERROR_PORT, type InputPortDefinition, type PortDefinition } from '@runtime-hub/protocol';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import type { ReactNode } from 'react';
import type { NodeSpec } from './editor.types';
import { CATEGORY_GLYPH, nodeSummary } from './node-presentation';
import { inputPortsOf, outputPortsOf } from './port-compatibility';

/**
 * A node as the canvas draws it, in the editor and in the live run view alike: a header with
 * its type, its name, a one-line preview of its config, one row per port with its handle,
 * and the implicit `error` port at the bottom. `children` goes under the ports (problems in
 * the editor, state in the run view).
 */
export function NodeCard({ spec, className, connectable, children }: { spec: NodeSpec; className?: string; connectable: boolean; children?: ReactNode }) {
  const definition = NODE_CATALOGUE.get(spec.type);
  const inputs: readonly InputPortDefinition[] = inputPortsOf(spec, NODE_CATALOGUE);
  const outputs: readonly PortDefinition[] = outputPortsOf(spec, NODE_CATALOGUE);
  const rows = Math.max(inputs.length, outputs.length);
  const summary = nodeSummary(spec);
  return (
    <div className={`flow-node category-${definition?.category ?? 'unknown'}${className ? ` ${className}` : ''}`} data-node-id={spec.id} data-testid={`node-${spec.id}`}>
      <div className="flow-node-header">
        <span className="flow-node-glyph" aria-hidden="true">
          {definition ? CATEGORY_GLYPH[definition.category] : '?'}
        </span>
        <span className="flow-node-type">{spec.type}</span>
      </div>
      <div className="flow-node-title">
        <span className="flow-node-name">{spec.name ?? spec.id}</span>
        {spec.name !== undefined && <span className="flow-node-id">{spec.id}</span>}
      </div>
      {summary !== '' && <div className="flow-node-summary">{summary}</div>}
      <div className="flow-node-ports">
        {Array.from({ length: rows }, (_, row) => {
          const input = inputs[row];
          const output = outputs[row];
          return (
            <div className="flow-node-port-row" key={row}>
              <span className="port-label port-in">
                {input && (
                  <>
                    <Handle type="target" position={Position.Left} id={input.name} isConnectable={connectable} className={`handle handle-in accepts-${input.accepts.join('-')}`} title={`${input.name}: accepts ${input.accepts.join(' | ')}`} />
                    {(inputs.length > 1 || input.name !== 'in') && input.name}
                  </>
                )}
              </span>
              <span className="port-label port-out">
                {output && (
                  <>
                    {(outputs.length > 1 || output.name !== 'out') && output.name}
                    <Handle type="source" position={Position.Right} id={output.name} isConnectable={connectable} className={`handle handle-out type-${output.type}`} title={`${output.name}: ${output.type}`} />
                  </>
                )}
              </span>
            </div>
          );
        })}
        <div className="flow-node-port-row port-row-error">
          <span />
          <span className="port-label port-out port-error">
            {ERROR_PORT}
            <Handle type="source" position={Position.Right} id={ERROR_PORT} isConnectable={connectable} className="handle handle-out handle-error" title="error: taken when the node fails" />
          </span>
        </div>
      </div>
      {children}
    </div>
  );
}
