/**
 * Layering rules from the project's conventions: domain -> nothing; application -> domain, own ports and
 * type-only contracts; handlers -> container, use cases and middleware; no package imports another service.
 * Each rule's comment is printed when it is broken, so it says what to fix.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'The domain imports nothing outside its own src/domain folder (no AWS SDK, tsyringe, middy or contracts). Move the dependency to application/ports or infrastructure.',
      severity: 'error',
      from: { path: '^(tbs-app-[^/]+)/src/domain/' },
      to: { pathNot: ['^$1/src/domain/'] },
    },
    {
      name: 'application-imports-domain-and-ports-only',
      comment:
        'Application code may import its own domain, its own ports and `import type` from @tbs/contracts. Put adapters in infrastructure and inject them through a port.',
      severity: 'error',
      from: { path: '^(tbs-app-[^/]+)/src/application/' },
      to: {
        pathNot: ['^$1/src/domain/', '^$1/src/application/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'application-contracts-type-only',
      comment:
        'Application code may only `import type` from @tbs/contracts (no runtime coupling to the contracts package).',
      severity: 'error',
      from: { path: '^(tbs-app-[^/]+)/src/application/' },
      to: {
        path: 'tbs-contracts/',
        dependencyTypes: ['local', 'npm', 'aliased-workspace', 'aliased'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'handlers-are-thin',
      comment:
        'Handlers touch only the container, use cases, contracts middleware and middy. Move repository or SDK access behind a use case.',
      severity: 'error',
      from: { path: '^(tbs-app-[^/]+)/src/handlers/' },
      to: {
        pathNot: [
          '^$1/src/handlers/',
          '^$1/src/application/',
          '^$1/src/infrastructure/container\\.ts$',
          '^$1/src/domain/',
          'tbs-contracts/',
          'node_modules/@middy/',
          'node_modules/@types/',
          'node_modules/reflect-metadata/',
        ],
      },
    },
    {
      name: 'no-cross-service-imports',
      comment: 'A service never imports another service: exchange events through tbs-contracts schemas instead.',
      severity: 'error',
      from: { path: '^(tbs-app-[^/]+)/' },
      to: { path: '^tbs-app-[^/]+/', pathNot: ['^$1/'] },
    },
    {
      name: 'nothing-imports-a-service',
      comment:
        'Contracts and devops packages never import service code (the local cloud loads seed modules dynamically).',
      severity: 'error',
      from: { path: '^tbs-(contracts|devops-[^/]+)/' },
      to: { path: '^tbs-app-' },
    },
    {
      name: 'deployed-code-does-not-import-devtools',
      comment:
        'Code that is deployed (src/ of services, hooks and the aiagent) must not import the local cloud or another devops package; only tests, seeds and scripts may.',
      severity: 'error',
      from: { path: '^(tbs-(app|devops)-[^/]+)/src/', pathNot: ['^tbs-devops-local/'] },
      to: { path: '^tbs-devops-[^/]+/', pathNot: ['^$1/'] },
    },
    {
      name: 'no-circular',
      comment: 'Circular imports make module-scope initialisation order fragile. Break the cycle.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: true,
    preserveSymlinks: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
