export * from './agent-day';
export * from './contact-center';
export * from './ramp';
