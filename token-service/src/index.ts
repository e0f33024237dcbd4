/** What other packages (the test kit, the demo, the benchmarks) use to run the service in process. */
export { createApp } from './app.js';
export { type Config, ConfigError, defaultPublicUrl, loadConfig } from './config.js';
export { metricsRoutes } from './http/routes/index.js';
export { type Listening, listen, shutdown } from './http/server.js';
export { type Db, dumpPglite, openPglite, openPostgres } from './platform/db.js';
export { createLogger } from './platform/logger.js';
export { migrate } from './platform/migrations.js';
export { createService, openStore, type Service } from './service.js';
