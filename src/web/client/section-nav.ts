/**
 * On a phone the section bar scrolls sideways; bring the current section into view so the
 * reader sees where they are. Only the bar scrolls, never the page.
 */
export function revealCurrentSection(doc: Document): void {
  const list = doc.querySelector<HTMLElement>('.section-nav ul');
  const current = list?.querySelector<HTMLElement>('[aria-current="page"]');
  if (!list || !current || list.scrollWidth <= list.clientWidth) return;
  const item = current.offsetLeft - list.offsetLeft;
  list.scrollLeft = Math.max(0, item - (list.clientWidth - current.offsetWidth) / 2);
}
