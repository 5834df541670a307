export * from './agent-day';
export * from './contact-center';
export * from './ramp';
export * from './digest';
