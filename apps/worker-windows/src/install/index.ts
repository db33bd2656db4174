export { installWorker, defaultInstallMode, INSTALL_MODES, type InstallRequest } from './worker-install';
export { WorkerConfigError } from '../worker-config.error';
