export {
  startServedDemo,
  demoBanner,
  DEMO_TENANT,
  type ServedDemo,
  type ServedDemoOptions,
} from './served-demo';
