export * from './server';
export {
  AGENTS,
  QUEUES,
  SURVEY_FORM,
  SUPERVISORS,
  WRAP_UPS,
  generateConversations,
  seededConversations,
  syntheticWav,
  type SeededGenesysCall,
  type SimConversation,
  type SimLine,
  type SimMedia,
  type SimSurvey,
} from './fixtures';
