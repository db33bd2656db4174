import { NODE_DEFINITIONS } from '@runtime-hub/nodes';
import { useMemo, useState, type DragEvent } from 'react';
import { CATEGORY_GLYPH, CATEGORY_LABEL, groupByCategory } from './node-presentation';

/** The drag-and-drop payload of a palette item: the node type. */
export const PALETTE_DRAG_TYPE = 'application/x-runtime-hub-node';

/**
 * Every node type, grouped by category. Drag one onto the canvas, or activate it (click,
 * Enter) to add it in the middle of the view.
 */
export function Palette({ onAdd }: { onAdd: (type: string) => void }) {
  const [filter, setFilter] = useState('');
  const groups = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const matching = needle === '' ? NODE_DEFINITIONS : NODE_DEFINITIONS.filter((definition) => `${definition.type} ${definition.description}`.toLowerCase().includes(needle));
    return groupByCategory(matching);
  }, [filter]);

  const onDragStart = (event: DragEvent<HTMLButtonElement>, type: string) => {
    event.dataTransfer.setData(PALETTE_DRAG_TYPE, type);
    event.dataTransfer.effectAllowed = 'copy';
  };

  return (
    <aside className="palette" aria-label="Node palette">
      <input type="search" className="palette-search" placeholder="Find a node…" value={filter} onChange={(event) => setFilter(event.target.value)} aria-label="Find a node type" />
      <div className="palette-groups">
        {groups.map((group) => (
          <section key={group.category} className={`palette-group category-${group.category}`}>
            <h3>
              <span aria-hidden="true">{CATEGORY_GLYPH[group.category]}</span> {CATEGORY_LABEL[group.category]}
            </h3>
            {group.definitions.map((definition) => (
              <button
                type="button"
                key={definition.type}
                className="palette-item"
                draggable
                onDragStart={(event) => onDragStart(event, definition.type)}
                onClick={() => onAdd(definition.type)}
                title={definition.description}
                data-node-type={definition.type}
              >
                <span className="palette-item-type">{definition.type}</span>
                <span className="palette-item-description">{definition.description}</span>
              </button>
            ))}
          </section>
        ))}
        {groups.length === 0 && <p className="muted small">No node type matches “{filter}”.</p>}
      </div>
    </aside>
  );
}
