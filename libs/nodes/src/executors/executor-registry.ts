import type { NodeDefinition } from '@runtime-hub/protocol';
import { conditionDefinition } from '../definitions/control/condition.definition';
import { delayDefinition } from '../definitions/control/delay.definition';
import { failDefinition } from '../definitions/control/fail.definition';
import { setDefinition } from '../definitions/control/set.definition';
import { switchDefinition } from '../definitions/control/switch.definition';
import { fileCopyDefinition } from '../definitions/file/file-copy.definition';
import { fileDeleteDefinition } from '../definitions/file/file-delete.definition';
import { fileExistsDefinition } from '../definitions/file/file-exists.definition';
import { fileListDefinition } from '../definitions/file/file-list.definition';
import { fileMoveDefinition } from '../definitions/file/file-move.definition';
import { fileReadDefinition } from '../definitions/file/file-read.definition';
import { fileWriteDefinition } from '../definitions/file/file-write.definition';
import { keyboardKeysDefinition } from '../definitions/input/keyboard-keys.definition';
import { keyboardTypeDefinition } from '../definitions/input/keyboard-type.definition';
import { httpRequestDefinition } from '../definitions/network/http-request.definition';
import { tcpCheckDefinition } from '../definitions/network/tcp-check.definition';
import { processKillDefinition } from '../definitions/process/process-kill.definition';
import { processListDefinition } from '../definitions/process/process-list.definition';
import { processStartDefinition } from '../definitions/process/process-start.definition';
import { shellDefinition } from '../definitions/shell/shell.definition';
import { conditionExecutor } from './control/condition.executor';
import { delayExecutor } from './control/delay.executor';
import { failExecutor } from './control/fail.executor';
import { setExecutor } from './control/set.executor';
import { switchExecutor } from './control/switch.executor';
import type { Executor } from './executor';
import { fileCopyExecutor } from './file/file-copy.executor';
import { fileDeleteExecutor } from './file/file-delete.executor';
import { fileExistsExecutor } from './file/file-exists.executor';
import { fileListExecutor } from './file/file-list.executor';
import { fileMoveExecutor } from './file/file-move.executor';
import { fileReadExecutor } from './file/file-read.executor';
import { fileWriteExecutor } from './file/file-write.executor';
import { keyboardKeysExecutor } from './input/keyboard-keys.executor';
import { keyboardTypeExecutor } from './input/keyboard-type.executor';
import { httpRequestExecutor } from './network/http-request.executor';
import { tcpCheckExecutor } from './network/tcp-check.executor';
import { processKillExecutor } from './process/process-kill.executor';
import { processListExecutor } from './process/process-list.executor';
import { processStartExecutor } from './process/process-start.executor';
import { shellExecutor } from './shell/shell.executor';

/** An executor of any node type; its config is typed where it is paired with its definition below. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry has its own Config type
export type AnyExecutor = Executor<any, unknown>;

/** Pairs an executor with its definition: the compiler checks that both agree on the config type. */
function entry<C>(definition: NodeDefinition<C>, executor: Executor<C, unknown>): [string, AnyExecutor] {
  return [definition.type, executor];
}

/**
 * Executors by node type: every node a worker agent runs. Not here: `workflow.call`,
 * `foreach` and `repeat` (the coordinator runs them), `python` (Python agents).
 */
export const EXECUTORS: ReadonlyMap<string, AnyExecutor> = new Map<string, AnyExecutor>([
  entry(setDefinition, setExecutor),
  entry(conditionDefinition, conditionExecutor),
  entry(switchDefinition, switchExecutor),
  entry(delayDefinition, delayExecutor),
  entry(failDefinition, failExecutor),
  entry(shellDefinition, shellExecutor),
  entry(processStartDefinition, processStartExecutor),
  entry(processKillDefinition, processKillExecutor),
  entry(processListDefinition, processListExecutor),
  entry(fileReadDefinition, fileReadExecutor),
  entry(fileWriteDefinition, fileWriteExecutor),
  entry(fileCopyDefinition, fileCopyExecutor),
  entry(fileMoveDefinition, fileMoveExecutor),
  entry(fileDeleteDefinition, fileDeleteExecutor),
  entry(fileListDefinition, fileListExecutor),
  entry(fileExistsDefinition, fileExistsExecutor),
  entry(httpRequestDefinition, httpRequestExecutor),
  entry(tcpCheckDefinition, tcpCheckExecutor),
  entry(keyboardTypeDefinition, keyboardTypeExecutor),
  entry(keyboardKeysDefinition, keyboardKeysExecutor),
]);
