import { useEffect } from 'react';
import { useLatest } from '../ui/use-latest';

/**
 * Ctrl+Z undo, Ctrl+Shift+Z (or Ctrl+Y) redo, Ctrl+S save (Cmd on macOS), across every edit
 * of the document, form fields included: their text follows the document. Inside a dialog
 * the keys keep their usual meaning.
 */
export function useEditorShortcuts(handlers: { undo: () => void; redo: () => void; save: () => void }): void {
  const latest = useLatest(handlers);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      if (event.target instanceof Element && event.target.closest('.modal')) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) latest.current.undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') latest.current.redo();
      else if (key === 's') latest.current.save();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [latest]);
}
