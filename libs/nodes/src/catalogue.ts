import type { NodeCatalogue, NodeDefinition } from '@runtime-hub/protocol';
import { conditionDefinition } from './definitions/control/condition.definition';
import { delayDefinition } from './definitions/control/delay.definition';
import { failDefinition } from './definitions/control/fail.definition';
import { foreachDefinition } from './definitions/control/foreach.definition';
import { repeatDefinition } from './definitions/control/repeat.definition';
import { setDefinition } from './definitions/control/set.definition';
import { switchDefinition } from './definitions/control/switch.definition';
import { workflowCallDefinition } from './definitions/control/workflow-call.definition';
import { fileCopyDefinition } from './definitions/file/file-copy.definition';
import { fileDeleteDefinition } from './definitions/file/file-delete.definition';
import { fileExistsDefinition } from './definitions/file/file-exists.definition';
import { fileListDefinition } from './definitions/file/file-list.definition';
import { fileMoveDefinition } from './definitions/file/file-move.definition';
import { fileReadDefinition } from './definitions/file/file-read.definition';
import { fileWriteDefinition } from './definitions/file/file-write.definition';
import { keyboardKeysDefinition } from './definitions/input/keyboard-keys.definition';
import { keyboardTypeDefinition } from './definitions/input/keyboard-type.definition';
import { httpRequestDefinition } from './definitions/network/http-request.definition';
import { tcpCheckDefinition } from './definitions/network/tcp-check.definition';
import { processKillDefinition } from './definitions/process/process-kill.definition';
import { processListDefinition } from './definitions/process/process-list.definition';
import { processStartDefinition } from './definitions/process/process-start.definition';
import { pythonDefinition } from './definitions/python/python.definition';
import { shellDefinition } from './definitions/shell/shell.definition';

/** The v1 node catalogue, in palette order: by category, then by type. */
export const NODE_DEFINITIONS: readonly NodeDefinition[] = [
  conditionDefinition,
  switchDefinition,
  delayDefinition,
  setDefinition,
  failDefinition,
  workflowCallDefinition,
  foreachDefinition,
  repeatDefinition,
  processStartDefinition,
  processKillDefinition,
  processListDefinition,
  shellDefinition,
  fileReadDefinition,
  fileWriteDefinition,
  fileCopyDefinition,
  fileMoveDefinition,
  fileDeleteDefinition,
  fileListDefinition,
  fileExistsDefinition,
  httpRequestDefinition,
  tcpCheckDefinition,
  keyboardTypeDefinition,
  keyboardKeysDefinition,
  pythonDefinition,
];

/** The catalogue keyed by node type, as the validator, planner and dispatcher look it up. */
export const NODE_CATALOGUE: NodeCatalogue = new Map(NODE_DEFINITIONS.map((definition) => [definition.type, definition]));
