// Re-exports only; see the construct files.
export * from './alb-asg';
export * from './scheduled-actions';
