import { Problem } from './flow-model';

/** The message and fix of a rule result made of several flow problems (one per flow and side). */
export function joined(problems: readonly Problem[]): [message: string, fix: string] {
  return [problems.map((p) => p.message).join('; '), [...new Set(problems.map((p) => p.fix))].join('; ')];
}
