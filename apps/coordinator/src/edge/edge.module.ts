import { Global, Module } from '@nestjs/common';
import { RateLimiter } from './rate-limiter.service';
import { SourceAddress } from './source-address';

/**
 * What the coordinator applies at its edge, to REST and Socket.IO alike: source addresses
 * (trusted proxies) and limits on failed authentications (see README.md in this folder).
 */
@Global()
@Module({ providers: [SourceAddress, RateLimiter], exports: [SourceAddress, RateLimiter] })
export class EdgeModule {}
