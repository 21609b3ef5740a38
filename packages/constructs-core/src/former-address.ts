import { TerraformStack } from 'cdktf';
import { IConstruct, Node } from 'constructs';

/**
 * The Terraform address (`<type>.<logical id>`) that a resource of `type` had at `scope`/`path`
 * before it moved in the construct tree: what a `moved` block names as `from`. `path` is the
 * construct ids below `scope`, joined by `/` (`log-key/key`). The logical id is computed by the
 * stack itself (`TerraformStack.getLogicalId`), so it is the one the stack gave the resource.
 */
export function formerAddress(scope: IConstruct, type: string, path: string): string {
  const ids = path.split('/');
  if (ids.some((id) => id === '')) {
    throw new Error(`${scope.node.path}: the former path must be construct ids joined by '/' (got '${path}'): e.g. 'log-key/key'`);
  }
  // getLogicalId reads only `scopes` (and each scope's `node.id`) of a Node: the former ids need no construct.
  const scopes = [...scope.node.scopes, ...ids.map((id) => ({ node: { id } }))];
  return `${type}.${TerraformStack.of(scope).getLogicalId({ scopes } as unknown as Node)}`;
}
