/**
 * While a reading is under way (playing or paused) and the player has scrolled out of view, its
 * controls float at the bottom of the window, so the reader can pause or skip from anywhere in
 * the article. The player keeps its height meanwhile, so nothing above the reader moves.
 */

const FLOATING_CLASS = 'listen-floating';

export interface Floating {
  /** Tells whether a reading is under way. */
  setActive(active: boolean): void;
  /** How much of the window's foot the floating panel covers now (0 when not floating). */
  covered(): number;
}

/** Watches `root` (the player), whose `panel` floats. */
export function floatWhenOutOfView(root: HTMLElement, panel: HTMLElement | null): Floating {
  const win = root.ownerDocument.defaultView;
  const covered = () => (panel && root.classList.contains(FLOATING_CLASS) ? panel.offsetHeight + 16 : 0);
  if (!win || !panel || typeof win.IntersectionObserver !== 'function') return { setActive: () => {}, covered };
  let active = false;
  let inView = true;
  const update = () => {
    const float = active && !inView;
    if (float === root.classList.contains(FLOATING_CLASS)) return;
    // CSSOM, not a style attribute: the CSP allows the former only.
    root.style.minHeight = float ? `${root.offsetHeight}px` : '';
    root.classList.toggle(FLOATING_CLASS, float);
  };
  new win.IntersectionObserver((entries) => {
    const entry = entries[entries.length - 1];
    if (!entry) return;
    inView = entry.isIntersecting;
    update();
  }).observe(root);
  return {
    setActive(next) {
      active = next;
      update();
    },
    covered,
  };
}
