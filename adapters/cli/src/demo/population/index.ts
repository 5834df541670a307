export {
  demoPopulation,
  PLAYBOOK_FOR_QUEUE,
  type DemoCall,
  type DemoPopulation,
  type DemoQueue,
} from './population';
export { genesysCalls, demoConversationId, DEMO_QUEUE_IDS } from './genesys';
export type { CallBehaviour, SalesBehaviour, ServiceBehaviour } from './behaviour';
export {
  demoContactCenter,
  demoCallType,
  CALL_TYPE_FOR_TOPIC,
  DEMO_FUNNEL,
  type DemoContactCenter,
} from './contact-center';
