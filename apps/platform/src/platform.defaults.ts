/** The embedded default (`npm start`): one process, SQLite under ./data, in-process transport, demo data. */
export const PLATFORM_DEFAULTS = { NODE_ENV: 'development', EVENT_STORE_URL: 'sqlite:./data/events.db', TRANSPORT: 'in-process', PORT: '3000', DEMO_DATA: 'true' };
