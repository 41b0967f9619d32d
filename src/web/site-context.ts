import type { Outlet, Section } from '../articles/model.js';
import type { SiteAssets } from './assets.js';

/** What every page template needs to know about the site. */
export interface SiteContext {
  outlet: Outlet;
  sections: Section[];
  assets: SiteAssets;
  /** Public origin without a trailing slash, e.g. https://news.example.org. */
  publicUrl: string;
}

/** Absolute URL of a site path. */
export function absoluteUrl(site: Pick<SiteContext, 'publicUrl'>, path: string): string {
  return `${site.publicUrl}${path}`;
}
