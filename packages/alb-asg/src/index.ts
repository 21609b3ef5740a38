// Re-exports only; see the construct files.
export * from './alb-asg';
export * from './props';
export * from './scheduled-actions';
export * from './peak-windows';
export * from './schedule-compiler';
export * from './schedule-replay';
export * from './time-zones';
