import { Module } from '@nestjs/common';
import { LiveModule } from '../live/live.module';
import { LiveSessionAuth } from './live-session.auth';
import { OidcController } from './oidc/oidc.controller';
import { OidcSignInService } from './oidc/oidc-sign-in.service';
import { SessionController } from './session.controller';
import { SessionService } from './session.service';

/** The dashboard's sign-in session (see README.md in this folder). */
@Module({
  imports: [LiveModule],
  controllers: [SessionController, OidcController],
  providers: [SessionService, LiveSessionAuth, OidcSignInService],
  exports: [SessionService],
})
export class SessionModule {}
