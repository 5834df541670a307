// Supervisor, QA and agent pages (issue 17 items 1, 2, 4, 5): calls, review, disputes,
// calibration, coaching, dashboards.
import type { PageDef } from '../../registry';
import { CallsPage } from './calls';

export const REVIEW_PAGES: readonly PageDef[] = [
  {
    id: 'calls',
    path: '/calls',
    title: 'Calls',
    roles: ['supervisor', 'agent', 'compliance'],
    component: CallsPage,
    nav: { label: 'Calls', order: 10 },
  },
];
