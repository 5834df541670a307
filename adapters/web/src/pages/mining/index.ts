// Playbook mining pages (issue 19 item 5): suggestions review, the new-hire library, milestones,
// the monthly review.
import type { PageDef } from '../../registry';
import { LibraryPage } from './library';
import { MilestonesPage } from './milestones';
import { MonthlyReviewPage } from './review';
import { SuggestionsPage } from './suggestions';

export const MINING_PAGES: readonly PageDef[] = [
  {
    id: 'mining-suggestions',
    path: '/mining/suggestions',
    title: 'Playbook suggestions',
    roles: ['supervisor', 'admin', 'compliance'],
    component: SuggestionsPage,
    nav: { label: 'Suggestions', order: 60 },
  },
  {
    id: 'library',
    path: '/library',
    title: 'Call library',
    roles: ['supervisor', 'agent', 'compliance', 'admin'],
    component: LibraryPage,
    nav: { label: 'Library', order: 61 },
  },
  {
    id: 'milestones',
    path: '/milestones',
    title: 'Milestones',
    roles: ['agent', 'supervisor', 'compliance'],
    component: MilestonesPage,
    nav: { label: 'Milestones', order: 62 },
  },
  {
    id: 'monthly-review',
    path: '/mining/review',
    title: 'Monthly review',
    roles: ['supervisor', 'admin', 'compliance'],
    component: MonthlyReviewPage,
    nav: { label: 'Monthly review', order: 63 },
  },
];
