/**
 * Another live process holds the data folder (its lock file names it). Thrown before anything
 * in the folder is opened, so the other process's data is never touched.
 */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';

  constructor(
    readonly dataDir: string,
    readonly lockFile: string,
    readonly holder: { readonly pid: number; readonly host: string; readonly command: string; readonly startedAt: string },
    options?: { cause?: unknown },
  ) {
    super(
      `data folder ${dataDir} is in use by process ${holder.pid} on ${holder.host} (${holder.command}, since ${holder.startedAt}): ` +
        `stop that process, or set RH_DATA_DIR to another folder for this one ` +
        `(if no Runtime Hub process runs there any more, delete ${lockFile})`,
      options,
    );
  }
}
