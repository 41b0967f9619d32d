import type { Outlet, Section } from '../articles/model.js';
import type { SiteAssets } from './assets.js';
import { editionPath, type Edition } from './editions.js';

/** What every page template needs to know about the site. */
export interface SiteContext {
  outlet: Outlet;
  sections: Section[];
  assets: SiteAssets;
  /** Public origin without a trailing slash, e.g. https://news.example.org. */
  publicUrl: string;
  /** The edition this page is rendered for; its links stay in it. */
  edition: Edition;
}

/** The path of a public page in this page's edition: every internal link goes through it. */
export function sitePath(site: Pick<SiteContext, 'edition'>, path: string): string {
  return editionPath(site.edition, path);
}

/** Absolute URL of a site path. */
export function absoluteUrl(site: Pick<SiteContext, 'publicUrl'>, path: string): string {
  return `${site.publicUrl}${path}`;
}
