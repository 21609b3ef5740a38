// Workspace lint: TypeScript rules, Nx module boundaries, and the deep-import rule for the AWS provider.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const providerRootBan = {
  paths: [
    {
      name: '@cdktf/provider-aws',
      message:
        'import the resource by deep path (e.g. @cdktf/provider-aws/lib/s3-bucket): the package root loads ~2,200 modules and costs ~10x the synth time and memory',
    },
  ],
};

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/cdktf.out/**', '**/.terraform/**', '**/.nx/**', 'tools/bench/fixtures/**'] },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', providerRootBan],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Constructs depend on constructs only: never on apps, stacks or tools.
            { sourceTag: 'type:construct', onlyDependOnLibsWithTags: ['type:construct'] },
            { sourceTag: 'type:stack', onlyDependOnLibsWithTags: ['type:construct'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:stack', 'type:construct'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:tool', 'type:stack', 'type:construct'] },
          ],
        },
      ],
    },
  },
  {
    // Emulator integration suites drive constructs from the test harness (a tool). They are
    // test code, kept out of `src/`, so the runtime rule above still holds for every shipped file.
    files: ['packages/*/integration/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'type:construct', onlyDependOnLibsWithTags: ['type:construct', 'scope:test-harness'] },
            { sourceTag: 'type:stack', onlyDependOnLibsWithTags: ['type:construct', 'scope:test-harness'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
