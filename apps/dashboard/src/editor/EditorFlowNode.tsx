import type { NodeProps } from '@xyflow/react';
import { memo, useContext } from 'react';
import { EditorProblemsContext } from './editor-context';
import type { EditorNode } from './editor.types';
import { NodeCard } from './NodeCard';

/**
 * An editor node: its card, with a red border and the validator's messages when it has
 * problems, an amber one and the warnings when no known agent can take it.
 */
export const EditorFlowNode = memo(function EditorFlowNode({ data, selected }: NodeProps<EditorNode>) {
  const context = useContext(EditorProblemsContext);
  const problems = context.byNode.get(data.spec.id) ?? [];
  const warnings = context.warningsByNode.get(data.spec.id) ?? [];
  const className = [problems.length > 0 ? 'has-problems' : warnings.length > 0 ? 'has-warnings' : '', selected ? 'selected' : ''].filter(Boolean).join(' ');
  return (
    <NodeCard spec={data.spec} connectable className={className}>
      {problems.length > 0 && (
        <ul className="node-problems" data-testid={`problems-${data.spec.id}`}>
          {problems.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      {warnings.length > 0 && (
        <ul className="node-warnings" data-testid={`warnings-${data.spec.id}`}>
          {warnings.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </NodeCard>
  );
});
