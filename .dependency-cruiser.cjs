/**
 * Import rules from ../shared/STYLE.md ("Import rules"), checked by `npm test` (scripts/test.ts) before vitest.
 * Run alone: `npx depcruise client server shared scripts test bench`. Type-only imports count
 * (tsPreCompilationDeps): "not even types".
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles hide layering mistakes and make load order fragile. Move the shared piece to its own module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      severity: 'error',
      comment: 'On the server, in shared/, scripts/ and test/, folders do not import each other both ways either.',
      scope: 'folder',
      from: { path: '^(server|shared|scripts|test)/' },
      to: { circular: true },
    },
    {
      name: 'no-planning-folder-circle',
      severity: 'error',
      comment:
        'client/canvas/planning (the tldraw shapes) and client/features/planning (the panels) imported each other ' +
        '(issue 10 D4). Give what both need one home, so the dependency runs one way.',
      scope: 'folder',
      from: { path: '^client/(canvas|features)/planning$' },
      to: { path: '^client/(canvas|features)/planning$', circular: true },
    },
    {
      name: 'client-layers-not-to-features',
      severity: 'error',
      comment:
        'Shapes (client/canvas), UI atoms (client/ui) and the REST client (client/api) sit below the features: a feature ' +
        'may use them, never the reverse. What a shape needs from a feature reaches it through a context (shape-planning.ts).',
      from: { path: '^client/(canvas|ui|api)/' },
      to: { path: '^client/features/' },
    },
    {
      name: 'client-not-to-server',
      severity: 'error',
      comment: 'The client never imports server code, not even types: the contract lives in shared/schema/.',
      from: { path: '^client/' },
      to: { path: '^server/' },
    },
    {
      name: 'server-not-to-client',
      severity: 'error',
      comment: 'The server never imports client code, not even types.',
      from: { path: '^server/' },
      to: { path: '^client/' },
    },
    {
      name: 'shared-stays-pure',
      severity: 'error',
      comment: 'shared/ is used by both sides: it imports nothing from client/ or server/.',
      from: { path: '^shared/' },
      to: { path: '^(client|server)/' },
    },
    {
      name: 'shared-no-node-builtins',
      severity: 'error',
      comment: 'shared/ runs in the browser too: no node:* modules (inject effects instead).',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-domain-no-yjs',
      severity: 'error',
      comment: 'shared/domain is plain data and rules; Y.Doc code belongs in shared/doc.',
      from: { path: '^shared/domain/' },
      to: { path: '(^|/)node_modules/(yjs|y-protocols|y-websocket|lib0)/' },
    },
    {
      name: 'sync-not-to-http',
      severity: 'error',
      comment: 'server/sync speaks the protocol over SocketLike: it never imports hono or server/http.',
      from: { path: '^server/sync/' },
      to: { path: ['^server/http/', '(^|/)node_modules/(hono|@hono/[^/]+)/'] },
    },
    {
      name: 'storage-chosen-in-main',
      severity: 'error',
      comment: 'Only server/main.ts (and tests, benchmarks) pick a concrete storage; everything else receives the interfaces.',
      from: { path: '^(server|client|shared|scripts)/', pathNot: '^server/(main\\.ts$|storage/sqlite/)' },
      to: { path: '^server/storage/sqlite/' },
    },
    {
      name: 'runtime-imports-in-dependencies',
      severity: 'error',
      comment:
        'A production install (npm ci --omit=dev && npm start) has only "dependencies": everything the server, shared/ ' +
        'and scripts/start.ts import at run time must be declared there (type-only imports are erased).',
      from: { path: '^(server|shared)/|^scripts/start\\.ts$' },
      to: { dependencyTypes: ['npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown', 'unknown'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'product-not-to-tests',
      severity: 'error',
      comment:
        'Product code never imports tests or test support. scripts/workshop-tour.ts, scripts/spend-tour.mts and scripts/contracts-tour.mts are the exceptions: dev tools ' +
        '(README screenshots) that drives the browser through the e2e harness instead of keeping a second copy of it.',
      from: { path: '^(client|server|shared|scripts)/', pathNot: '^scripts/(workshop-tour\\.ts|spend-tour\\.mts|contracts-tour\\.mts)$' },
      to: { path: ['^test/', '\\.test\\.tsx?$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|data|test-results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    moduleSystems: ['es6', 'cjs'],
  },
}
