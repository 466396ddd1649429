/**
 * The house rules of src/ (see docs/architecture.md), checked by `npm run lint`. Type-only imports count
 * too, so a cycle or a boundary cannot hide behind `import type`.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No module depends on itself through others, types included.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'domain-knows-no-transport',
      comment: 'decisions/ holds rules: no Slack SDK, no Slack adapters, no listeners, no views.',
      severity: 'error',
      from: { path: '^src/decisions/' },
      to: { path: ['node_modules/@slack/', '^src/slack/', '^src/listeners/', '^src/views/', '^src/app\\.ts$'] },
    },
    {
      name: 'views-are-pure',
      comment: 'views/ builds Block Kit and sentences from data; it calls neither Slack nor listeners.',
      severity: 'error',
      from: { path: '^src/views/' },
      to: { path: ['^src/slack/', '^src/listeners/', '^src/app\\.ts$'] },
    },
    {
      name: 'views-use-only-slack-types',
      comment: "views/ may name Block Kit's types from the SDK, never run its code.",
      severity: 'error',
      from: { path: '^src/views/' },
      to: { path: 'node_modules/@slack/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'listeners-call-services',
      comment: 'Listeners reach the data through services, never a repository (types aside).',
      severity: 'error',
      from: { path: '^src/listeners/' },
      to: { path: '^src/db/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'cli-is-not-the-app',
      comment: 'Operator commands run without the Bolt app.',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: ['^src/app\\.ts$', '^src/listeners/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
