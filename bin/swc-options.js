// TypeScript runs from source everywhere (CLI, coordinator, workers, jest) through one swc
// configuration, so what the tests run is what production runs. Decorator metadata is on
// because NestJS resolves constructor dependencies from it.
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true, tsx: false },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
