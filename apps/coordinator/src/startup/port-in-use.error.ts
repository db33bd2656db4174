/**
 * The coordinator's port is taken (EADDRINUSE) or not allowed (EACCES). Thrown before the
 * database is opened, so a second coordinator started by mistake changes nothing.
 */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';

  constructor(
    readonly port: number,
    readonly host: string,
    readonly code: 'EADDRINUSE' | 'EACCES',
    options?: { cause?: unknown },
  ) {
    const why = code === 'EADDRINUSE' ? 'is in use' : 'may not be opened by this user';
    super(`port ${port} ${why} (on ${host}): set RH_PORT to a free port, or stop what uses it`, options);
  }
}
