// Escalations, compliance officer and admin pages (issue 17 items 3, 6, 7), one line each.
import type { PageDef } from '../../registry';
import { ApiKeysPage, ConnectionsPage, UsersPage } from './admin';
import { AccessAnomaliesPage, AuditTrailPage, RetentionPage } from './compliance';
import { EscalationPage, EscalationsPage } from './escalations';
import { PlaybookEditorPage, PlaybooksPage } from './playbooks';

export const OVERSIGHT_PAGES: readonly PageDef[] = [
  {
    id: 'escalations',
    path: '/escalations',
    title: 'Escalations',
    roles: ['supervisor', 'compliance'],
    component: EscalationsPage,
    nav: { label: 'Escalations', order: 40 },
  },
  {
    id: 'escalation',
    path: '/escalations/:id/:index',
    title: 'Escalation',
    roles: ['supervisor', 'compliance'],
    component: EscalationPage,
  },
  {
    id: 'audit',
    path: '/audit',
    title: 'Audit trail',
    roles: ['compliance'],
    component: AuditTrailPage,
    nav: { label: 'Audit trail', order: 60 },
  },
  {
    id: 'access-anomalies',
    path: '/access-anomalies',
    title: 'Access anomalies',
    roles: ['compliance'],
    component: AccessAnomaliesPage,
    nav: { label: 'Access anomalies', order: 61 },
  },
  {
    id: 'retention',
    path: '/retention',
    title: 'Retention',
    roles: ['compliance', 'admin'],
    component: RetentionPage,
    nav: { label: 'Retention', order: 62 },
  },
  {
    id: 'admin-connections',
    path: '/admin/connections',
    title: 'Connections',
    roles: ['admin'],
    component: ConnectionsPage,
    nav: { label: 'Connections', order: 70 },
  },
  {
    id: 'admin-playbooks',
    path: '/admin/playbooks',
    title: 'Playbooks',
    roles: ['admin'],
    component: PlaybooksPage,
    nav: { label: 'Playbooks', order: 71 },
  },
  {
    id: 'admin-playbook',
    path: '/admin/playbooks/:id',
    title: 'Playbook editor',
    roles: ['admin'],
    component: PlaybookEditorPage,
  },
  {
    id: 'admin-users',
    path: '/admin/users',
    title: 'Users',
    roles: ['admin'],
    component: UsersPage,
    nav: { label: 'Users', order: 72 },
  },
  {
    id: 'admin-api-keys',
    path: '/admin/api-keys',
    title: 'API keys',
    roles: ['admin'],
    component: ApiKeysPage,
    nav: { label: 'API keys', order: 73 },
  },
];
