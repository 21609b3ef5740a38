// Nx inference plugin: every `apps/<region>/region.json` is a regional app project.
// Adding a region is copying an app folder and editing its region.json; the targets come from here.
const fs = require('node:fs');
const path = require('node:path');


/**
 * The app whose integration suite proves the regional teardown (unprotect, destroy, nothing left):
 * the one the root cdktf.json points at. The other regions' suites run the same stack code, so
 * they verify and re-plan, then drop their emulator container.
 */
function teardownApp() {
  try {
    const app = JSON.parse(fs.readFileSync(path.join(__dirname, '../../cdktf.json'), 'utf8')).app;
    return /apps\/([a-z0-9-]+)/.exec(app)?.[1];
  } catch {
    return undefined;
  }
}

function appProject(configFile) {
  const root = path.dirname(configFile);
  const region = path.basename(root);
  const name = `app-${region}`;
  const stackDir = `${root}/cdktf.out/stacks/phi-${region}`;
  // The compiled peak schedule starts in the current year (see AlbAsg scheduleFromYear): a new
  // year is a new synth.
  const inputs = ['production', '^production', { env: 'PHI_STACK_TARGET' }, { runtime: 'date -u +%Y' }];
  return {
    name,
    root,
    projectType: 'application',
    tags: ['type:app', `region:${region}`],
    implicitDependencies: ['regional-stack'],
    targets: {
      synth: {
        command: `node packages/regional-stack/dist/main.js ${root}`,
        dependsOn: ['^build'],
        cache: true,
        inputs: [...inputs, '^{projectRoot}/dist/**/*'],
        outputs: [`{projectRoot}/cdktf.out`],
        metadata: { description: `Synthesize ${stackDir}/cdk.tf.json (PHI_STACK_TARGET=local|aws)` },
      },
      capacity: {
        command: `node packages/regional-stack/dist/capacity-cli.js ${root}`,
        dependsOn: ['^build'],
        cache: false,
        metadata: { description: 'Print how the web tier, read replicas and cache derive from the workload block of region.json' },
      },
      validate: {
        command: `bash tools/terraform/validate.sh ${stackDir}`,
        dependsOn: ['synth'],
        cache: true,
        inputs: [{ dependentTasksOutputFiles: '**/cdk.tf.json' }, '{workspaceRoot}/tools/terraform/**/*'],
        metadata: { description: 'terraform validate against the real AWS provider schema' },
      },
      integration: {
        command: `jest -c packages/regional-stack/jest.integration.config.js --runInBand --json --outputFile=.test-results/${name}.integration.json`,
        options: { env: { PHI_STACK_APP: root, PHI_STACK_IT_TEARDOWN: region === teardownApp() ? 'destroy' : 'discard' } },
        dependsOn: ['synth'],
        cache: true,
        inputs: [
          { dependentTasksOutputFiles: '**/cdk.tf.json' },
          '{workspaceRoot}/packages/regional-stack/integration/**/*',
          '{workspaceRoot}/tools/emulator/src/**/*',
          '{workspaceRoot}/tools/emulator/image/**/*',
          // checkov judges the plan before :deploy (checkovPlanApp).
          '{workspaceRoot}/tools/checkov/skips.yaml',
          '{workspaceRoot}/tools/checkov/src/**/*',
          '{workspaceRoot}/tools/checkov/requirements.txt',
        ],
        outputs: [`{workspaceRoot}/.test-results/${name}.integration.json`],
        metadata: { description: 'Apply, verify, re-plan and destroy the stack on the local emulator' },
      },
      plan: {
        command: `bash tools/terraform/plan.sh ${stackDir}`,
        dependsOn: ['synth'],
        cache: false,
        metadata: { description: 'terraform plan to plan.bin/plan.json and the plan-review Markdown' },
      },
      deploy: {
        command: `bash tools/terraform/deploy.sh ${stackDir}`,
        // Applies exactly the plan that was reviewed: run `plan` first; a plan older than the
        // current synth output is refused.
        dependsOn: ['synth'],
        cache: false,
        metadata: { description: 'Apply the saved plan; refuses a stale plan' },
      },
      destroy: {
        command: `bash tools/terraform/destroy.sh ${stackDir}`,
        cache: false,
        metadata: { description: `Destroy the stack; needs --confirm=phi-${region}` },
      },
    },
  };
}

module.exports = {
  name: 'phi-stack/region-apps',
  createNodesV2: [
    'apps/*/region.json',
    (configFiles) =>
      configFiles.map((file) => {
        const project = appProject(file);
        return [file, { projects: { [project.root]: project } }];
      }),
  ],
};
