import { Handle, Position } from '@xyflow/react';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import { ERROR_PORT, type NodeRunStatus } from '@runtime-hub/protocol';
import { useMemo } from 'react';
import type { NodeSpec } from '../editor/editor.types';
import { inputPortsOf, outputPortsOf } from '../editor/port-compatibility';
import { NODE_STATUS_LABEL } from './node-run.presentation';

/**
 * A run node as drawn when the view is zoomed out too far to read a card: a block in its
 * status colour with its name. It has a fraction of a card's elements, which is what keeps
 * a fan-out of a thousand nodes cheap for the browser to lay out and paint on every update.
 * The handles are there for the edges to attach to (at mid-height) but are not painted.
 */
export function CompactRunNode({ spec, status, title }: { spec: NodeSpec; status: NodeRunStatus; title: string }) {
  const { inputs, outputs } = useMemo(() => ({ inputs: inputPortsOf(spec, NODE_CATALOGUE), outputs: outputPortsOf(spec, NODE_CATALOGUE) }), [spec]);
  return (
    <div className={`run-node-compact node-status-${status}`} data-node-id={spec.id} data-testid={`node-${spec.id}`} title={title}>
      {inputs.map((port) => (
        <Handle key={port.name} type="target" position={Position.Left} id={port.name} isConnectable={false} className="compact-handle" />
      ))}
      <span className="run-node-compact-name">{spec.name ?? spec.id}</span>
      <span className="run-node-compact-status" data-testid={`state-${spec.id}`} data-status={status}>
        {NODE_STATUS_LABEL[status]}
      </span>
      {[...outputs.map((port) => port.name), ERROR_PORT].map((name) => (
        <Handle key={name} type="source" position={Position.Right} id={name} isConnectable={false} className="compact-handle" />
      ))}
    </div>
  );
}
