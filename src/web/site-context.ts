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
  /**
   * This page's address within its edition, with its query (`/section/china?page=2` on
   * /zh-hant/section/china?page=2); on a page outside the editions (reader accounts), its address.
   */
  pagePath: string;
  /** Whether the page lives under an edition prefix (and so exists in both editions). */
  editionPage: boolean;
}

/** The path of a public page in this page's edition: every internal link goes through it. */
export function sitePath(site: Pick<SiteContext, 'edition'>, path: string): string {
  return editionPath(site.edition, path);
}

/** Absolute URL of a site path. */
export function absoluteUrl(site: Pick<SiteContext, 'publicUrl'>, path: string): string {
  return `${site.publicUrl}${path}`;
}

/** Absolute URL of a public page in this page's edition: `pageUrl(site, '/section/china')`. */
export function pageUrl(site: Pick<SiteContext, 'publicUrl' | 'edition'>, path: string): string {
  return absoluteUrl(site, sitePath(site, path));
}
