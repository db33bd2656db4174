import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'runtime-hub:public';

/** Marks a controller or route as open: the API token guard lets it through without a token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
