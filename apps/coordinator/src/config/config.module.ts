import { Global, Module, type DynamicModule } from '@nestjs/common';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from './coordinator.config';
import { createLogger, LOGGER, type Logger } from '../logging/logger';

/** Provides the parsed configuration and the root logger to every module. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: CoordinatorConfig, logger: Logger = createLogger(config.logLevel)): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: COORDINATOR_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
      ],
      exports: [COORDINATOR_CONFIG, LOGGER],
    };
  }
}
