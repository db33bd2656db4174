import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { LiveGateway } from './live.gateway';
import { LiveModule } from './live.module';

/**
 * The `/live` gateway (live.gateway.ts). It sits above the run engine and injects the run
 * snapshots it sends after `run:subscribe` (RUN_SNAPSHOTS) from `engine`, the module that
 * exports that port: the runs module, or a stand-in in tests of the live side alone.
 */
@Module({})
export class LiveGatewayModule {
  static forEngine(engine: Type | DynamicModule): DynamicModule {
    return { module: LiveGatewayModule, imports: [LiveModule, engine], providers: [LiveGateway] };
  }
}
