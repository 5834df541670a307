// The page registry: each area of the app exports its pages (pages/review, pages/oversight) and
// pages/index.ts lists the areas. A page names its path, its title, who may open it, and where it
// sits in the navigation; the shell builds routes and the role-aware menu from this list alone.
import type { FunctionComponent } from 'preact';
import type { Role } from './session';

export interface PageProps {
  /** The `:name` segments of the page's path. */
  params: Record<string, string>;
}

export interface PageDef {
  id: string;
  /** Under /app, with `:name` segments, e.g. `/calls/:id`. */
  path: string;
  title: string;
  /** Roles that may open the page; the server still decides what each one sees. */
  roles: readonly Role[];
  component: FunctionComponent<PageProps>;
  /** Present for pages listed in the menu; lower `order` comes first. */
  nav?: { label: string; order: number };
}
