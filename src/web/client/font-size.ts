/** Steps of the A−/A+ control; the CSS maps each to a body text size. */
export const FONT_SIZES = ['s', 'm', 'l', 'xl'] as const;
export type FontSize = (typeof FONT_SIZES)[number];
const DEFAULT_SIZE: FontSize = 'm';
/** Must match FONT_SIZE_STORAGE_KEY in src/web/assets.ts (the head script reads it before paint). */
const STORAGE_KEY = 'xinwen:font-size';

function isFontSize(value: string | null | undefined): value is FontSize {
  return FONT_SIZES.includes(value as FontSize);
}

function readSaved(): FontSize {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return isFontSize(saved) ? saved : DEFAULT_SIZE;
  } catch {
    return DEFAULT_SIZE; // storage blocked (private mode, policy): the control still works for this page
  }
}

function save(size: FontSize): void {
  try {
    localStorage.setItem(STORAGE_KEY, size);
  } catch {
    // Not remembered, but applied.
  }
}

/** Wires every A−/A+ control on the page; the chosen size is remembered across pages. */
export function initFontSizeControl(doc: Document): void {
  const controls = doc.querySelectorAll<HTMLElement>('[data-font-size-control]');
  if (controls.length === 0) return;
  const root = doc.documentElement;
  let current = isFontSize(root.dataset.fontSize) ? root.dataset.fontSize : readSaved();

  const apply = (size: FontSize) => {
    current = size;
    root.dataset.fontSize = size;
    const index = FONT_SIZES.indexOf(size);
    for (const control of controls) {
      const smaller = control.querySelector<HTMLButtonElement>('[data-font-step="-1"]');
      const larger = control.querySelector<HTMLButtonElement>('[data-font-step="1"]');
      if (smaller) smaller.disabled = index === 0;
      if (larger) larger.disabled = index === FONT_SIZES.length - 1;
    }
  };

  for (const control of controls) {
    control.hidden = false;
    control.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('[data-font-step]');
      if (!button) return;
      const step = Number(button.dataset.fontStep);
      const index = Math.min(FONT_SIZES.length - 1, Math.max(0, FONT_SIZES.indexOf(current) + step));
      const size = FONT_SIZES[index] ?? DEFAULT_SIZE;
      apply(size);
      save(size);
    });
  }
  apply(current);
}
