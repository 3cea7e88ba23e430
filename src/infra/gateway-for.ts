import { App } from './app';
import { GatewayFactory, GatewayOverrides, GatewayRuntime } from './modules/gateway-module';
import { TOKENS } from './tokens';

export type { GatewayOverrides, GatewayRuntime } from './modules/gateway-module';

/**
 * The strangler-fig gateway of a started app (src/infra/modules/gateway-module.ts), which
 * needs HOSP_LEGACY_URL and HOSP_LEGACY_AUTH. The app owns the legacy client: `app.close()`
 * releases it.
 */
export function gatewayFor(app: App, overrides: GatewayOverrides = {}): GatewayRuntime {
  if (!app.container.isBound(TOKENS.Gateway)) throw new Error('The gateway needs HOSP_LEGACY_URL and HOSP_LEGACY_AUTH.');
  return app.container.get<GatewayFactory>(TOKENS.Gateway)(overrides);
}
