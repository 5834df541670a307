export * from './server';
export {
  AGENTS,
  QUEUES,
  SUPERVISORS,
  WRAP_UPS,
  generateConversations,
  syntheticWav,
  type SimConversation,
  type SimLine,
  type SimMedia,
} from './fixtures';
