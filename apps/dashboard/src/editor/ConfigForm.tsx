import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import { useMemo } from 'react';
import { configFields, configJsonSchema } from './config-form.fields';
import { ConfigFieldControl } from './ConfigFieldControl';
import type { NodeSpec } from './editor.types';

/** The config form of a node, generated from its type's config schema. */
export function ConfigForm({ spec, onChange }: { spec: NodeSpec; onChange: (key: string, value: unknown) => void }) {
  const definition = NODE_CATALOGUE.get(spec.type);
  const fields = useMemo(() => (definition ? configFields(configJsonSchema(definition)) : []), [definition]);
  if (!definition) return <p className="field-error">Unknown node type “{spec.type}”: this editor cannot show its config.</p>;
  return (
    <div className="config-form">
      {fields.map((field) => (
        <ConfigFieldControl key={`${spec.id}:${field.key}`} field={field} value={spec.config[field.key]} onChange={(value) => onChange(field.key, value)} />
      ))}
    </div>
  );
}
