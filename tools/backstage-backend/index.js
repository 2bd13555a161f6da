// The smallest Backstage backend that serves the software catalog: Backstage's own backend wiring with only the catalog
// plugin added. Configuration (port, database, static token, catalog locations) comes from the --config files the
// test passes, as `backstage-cli package start` would pass them.
const { createBackend } = require('@backstage/backend-defaults');

const backend = createBackend();
backend.add(require('@backstage/plugin-catalog-backend'));
backend.start();
