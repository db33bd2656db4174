import type { NodeProps } from '@xyflow/react';
import { memo, useContext } from 'react';
import { EditorProblemsContext } from './editor-context';
import type { EditorNode } from './editor.types';
import { NodeCard } from './NodeCard';

/** An editor node: its card, with a red border and the validator's messages when it has problems. */
export const EditorFlowNode = memo(function EditorFlowNode({ data, selected }: NodeProps<EditorNode>) {
  const problems = useContext(EditorProblemsContext).byNode.get(data.spec.id) ?? [];
  const className = [problems.length > 0 ? 'has-problems' : '', selected ? 'selected' : ''].filter(Boolean).join(' ');
  return (
    <NodeCard spec={data.spec} connectable className={className}>
      {problems.length > 0 && (
        <ul className="node-problems" data-testid={`problems-${data.spec.id}`}>
          {problems.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </NodeCard>
  );
});
