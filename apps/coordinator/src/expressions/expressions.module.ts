import { Global, Inject, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ExpressionSandbox } from '@runtime-hub/expressions';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';

/** Injection token of the coordinator's one ExpressionSandbox. */
export const EXPRESSION_SANDBOX = Symbol('EXPRESSION_SANDBOX');

/** Starts the sandbox's processes with the app and stops them with it. */
@Injectable()
class SandboxLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(EXPRESSION_SANDBOX) private readonly sandbox: ExpressionSandbox) {}

  /** Boot waits for the processes: a sandbox that cannot start fails the boot, not every node later. */
  async onModuleInit(): Promise<void> {
    await this.sandbox.ready();
  }

  onApplicationShutdown(): void {
    this.sandbox.close();
  }
}

/**
 * The expression sandbox (libs/expressions): every `{{ }}` template, `repeat.until` and
 * `foreach.items` the coordinator evaluates runs there, under the limits of
 * `config.expressions`, never in this process.
 */
@Global()
@Module({
  providers: [
    {
      provide: EXPRESSION_SANDBOX,
      inject: [COORDINATOR_CONFIG],
      useFactory: (config: CoordinatorConfig) => ExpressionSandbox.start(config.expressions),
    },
    SandboxLifecycle,
  ],
  exports: [EXPRESSION_SANDBOX],
})
export class ExpressionsModule {}
