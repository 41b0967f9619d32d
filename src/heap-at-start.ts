import { loadConfig } from './config.js';
import { limitHeapGrowth } from './platform/heap.js';

/**
 * Imported first by main.ts, so V8's heap growth is bounded (platform/heap.ts) before the app's
 * modules are evaluated: a limit computed with V8's own factor during start-up would otherwise let
 * a server's first burst of traffic grow the heap past it (a crawl at 100,000 articles peaked at
 * 306-314 MB that way, against 285-292 bounded from the start). A bad configuration is left for
 * the command to report.
 */
try {
  limitHeapGrowth(loadConfig().heapGrowthPercent);
} catch {
  // loadConfig fails again, with its message, when the command reads the configuration.
}
