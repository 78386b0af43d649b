/**
 * The import directions of DESIGN.md §2:
 *   core ← api ← {cli, provisioner} ← commands;  core ← runtime/*;  runtime/{master,agent} compose the rest.
 * runtime may use api/ (the wire contract both sides of a connection share).
 */
module.exports = {
  forbidden: [
    { name: 'core-is-a-leaf', severity: 'error', from: { path: '^src/core/' }, to: { path: '^src/(?!core/)' } },
    { name: 'api-only-core', severity: 'error', from: { path: '^src/api/' }, to: { path: '^src/(?!core/|api/)' } },
    { name: 'cli-not-runtime-or-commands', severity: 'error', from: { path: '^src/cli/' }, to: { path: '^src/(runtime|commands|provisioner)/' } },
    { name: 'provisioner-not-runtime', severity: 'error', from: { path: '^src/provisioner/' }, to: { path: '^src/(runtime|commands|cli)/' } },
    { name: 'commands-not-runtime', severity: 'error', from: { path: '^src/commands/' }, to: { path: '^src/runtime/' } },
    { name: 'runtime-not-cli', severity: 'error', from: { path: '^src/runtime/' }, to: { path: '^src/(cli|commands|provisioner)/' } },
    {
      name: 'runtime-parts-not-compositions',
      comment: 'Only master/ and agent/ compose; the parts (state, allocator, marathon, http, …) do not import them.',
      severity: 'error',
      from: { path: '^src/runtime/(state|allocator|marathon|placement|framework|jobs|packages|edge|http)/' },
      to: { path: '^src/runtime/(master|agent)/' },
    },
    { name: 'master-agent-apart', severity: 'error', from: { path: '^src/runtime/master/' }, to: { path: '^src/runtime/agent/' } },
    { name: 'agent-master-apart', severity: 'error', from: { path: '^src/runtime/agent/' }, to: { path: '^src/runtime/(master|marathon|allocator)/' } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
