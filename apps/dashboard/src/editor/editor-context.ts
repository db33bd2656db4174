import { createContext } from 'react';
import { NO_PROBLEMS, type EditorProblems } from './editor-problems';

/** What the canvas's node components read besides their own data: the current problems. */
export const EditorProblemsContext = createContext<EditorProblems>(NO_PROBLEMS);
