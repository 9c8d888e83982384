// A question that appears below the fold after a file was chosen is brought into view, and its heading
// takes the focus, so that keyboard and screen-reader users land on it too.
import type { Attachment } from 'svelte/attachments';

export const revealQuestion: Attachment<HTMLElement> = (node) => {
  node.scrollIntoView({ block: 'start' });
  node.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
};
