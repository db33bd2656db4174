import { readFile } from 'node:fs/promises';
import { CliError } from './cli-error';
import { EXIT_INVALID } from './command';

/** Reads a workflow file as JSON, or fails with a one-line reason naming the file. */
export async function readWorkflowFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new CliError(`${file}: cannot read: ${reason}`, EXIT_INVALID, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file}: not valid JSON: ${(error as Error).message}`, EXIT_INVALID, { cause: error });
  }
}
