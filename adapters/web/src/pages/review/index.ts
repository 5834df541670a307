// Supervisor, QA and agent pages (issue 17 items 1, 2, 4, 5): calls, review, disputes,
// calibration (on the review page), coaching, dashboards.
import type { PageDef } from '../../registry';
import { CallReviewPage } from './call-review';
import { CallsPage } from './calls';
import { CoachingPage } from './coaching';
import { DashboardPage } from './dashboard';
import { DisputesPage } from './disputes';

const REVIEWERS = ['supervisor', 'compliance'] as const;

export const REVIEW_PAGES: readonly PageDef[] = [
  {
    id: 'dashboard',
    path: '/dashboard',
    title: 'Dashboard',
    roles: ['supervisor', 'compliance', 'admin'],
    component: DashboardPage,
    nav: { label: 'Dashboard', order: 5 },
  },
  {
    id: 'calls',
    path: '/calls',
    title: 'Calls',
    roles: [...REVIEWERS, 'agent'],
    component: CallsPage,
    nav: { label: 'Calls', order: 10 },
  },
  {
    id: 'call',
    path: '/calls/:id',
    title: 'Call review',
    roles: [...REVIEWERS, 'agent'],
    component: CallReviewPage,
  },
  {
    id: 'coaching',
    path: '/coaching',
    title: 'Coaching',
    roles: ['supervisor', 'agent', 'compliance'],
    component: CoachingPage,
    nav: { label: 'Coaching', order: 20 },
  },
  {
    id: 'disputes',
    path: '/disputes',
    title: 'Disputes',
    roles: ['supervisor', 'agent', 'compliance'],
    component: DisputesPage,
    nav: { label: 'Disputes', order: 30 },
  },
];
