export * from './server';
export {
  AGENTS,
  QUEUES,
  SUPERVISORS,
  WRAP_UPS,
  generateConversations,
  seededConversations,
  syntheticWav,
  type SeededGenesysCall,
  type SimConversation,
  type SimLine,
  type SimMedia,
} from './fixtures';
