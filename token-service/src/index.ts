/** What other packages (the demo, the benchmarks) use to run the service in process. */
export { createApp } from './app.js';
export { loadConfig, ConfigError, type Config } from './config.js';
export { createServices, openStore, type Services } from './services.js';
export { listen, shutdown, type Listening } from './server.js';
export { createLogger } from './lib/logger.js';
export { metricsRoutes } from './routes/system.js';
export { AdminClient, AdminApiError } from './cli/client.js';
export { openPglite, openPostgres, type Db } from './store/db.js';
export { migrate } from './store/migrations.js';
export { persistentAdminToken } from './lib/demo-token.js';
