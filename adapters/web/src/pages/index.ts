// Every page of the app, one line per area. An area adds its pages in its own folder.
import type { PageDef } from '../registry';
import { REVIEW_PAGES } from './review';
import { OVERSIGHT_PAGES } from './oversight';
import { MINING_PAGES } from './mining';

export const PAGES: readonly PageDef[] = [...REVIEW_PAGES, ...OVERSIGHT_PAGES, ...MINING_PAGES];
