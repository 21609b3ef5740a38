// Nx inference plugin: every app that synthesizes stacks (`apps/<app>/cdktf.json`: the regional apps
// and the bootstrap) gets a `checkov` target, so a region added by copying a folder has it too.
// It runs the pinned checkov on the app's synthesized cdk.tf.json files against the reviewed skip
// file (tools/checkov/src/cli.ts); cached on the synth output, the skip file, the pin and the tool.
const path = require('node:path');

function checkovTarget(app) {
  return {
    command: `tsx tools/checkov/src/cli.ts ${app}`,
    dependsOn: ['synth'],
    cache: true,
    inputs: [
      { dependentTasksOutputFiles: '**/cdk.tf.json', transitive: false },
      '{workspaceRoot}/tools/checkov/skips.yaml',
      '{workspaceRoot}/tools/checkov/requirements.txt',
      '{workspaceRoot}/tools/checkov/install.sh',
      '{workspaceRoot}/tools/checkov/src/**/*',
      // The opt-out registry and the rule table the skips are held against.
      '{workspaceRoot}/packages/constructs-core/src/opt-outs.ts',
      '{workspaceRoot}/packages/phi-guard/src/rules/**/*',
    ],
    outputs: [`{workspaceRoot}/.test-results/checkov/${path.basename(app)}.json`],
    metadata: { description: 'checkov (pinned) on the synthesized stacks; fails on a finding not skipped in tools/checkov/skips.yaml and on a stale skip' },
  };
}

module.exports = {
  name: 'phi-stack/checkov',
  createNodesV2: [
    'apps/*/cdktf.json',
    (configFiles) =>
      configFiles.map((file) => {
        const root = path.dirname(file);
        return [file, { projects: { [root]: { root, targets: { checkov: checkovTarget(root) } } } }];
      }),
  ],
};
