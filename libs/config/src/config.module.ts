import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig, loadAppConfig } from './app-config.js';

@Global()
@Module({})
export class ConfigModule {
  /** Provides the validated AppConfig under the APP_CONFIG token. Pass a config to override (tests). */
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useFactory: () => config ?? loadAppConfig() }],
      exports: [APP_CONFIG],
    };
  }
}
