import { useEffect, type RefObject } from 'react';
import type { HermesBarApi } from '../types.js';

/**
 * Tells the main process how tall the popover's content is whenever it changes, so the window
 * follows it (the main side caps it; beyond that the page scrolls, once). The root's scrollHeight
 * counts what sticks out of it too, such as an open menu.
 */
export function useContentHeight(root: RefObject<HTMLElement | null>, api: HermesBarApi): void {
  useEffect(() => {
    const element = root.current;
    if (!element) return;
    let sent = 0;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const height = Math.ceil(Math.max(element.scrollHeight, element.getBoundingClientRect().height));
      if (height === sent || height < 1) return;
      sent = height;
      void api.resizePopover(height).catch(() => undefined);
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(measure);
    };
    // Every browser the popover runs in has both; a DOM without them (component tests) measures once.
    const resized = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(schedule);
    resized?.observe(element);
    const changed = new MutationObserver(schedule);
    changed.observe(element, { childList: true, subtree: true, characterData: true });
    measure();
    return () => {
      resized?.disconnect();
      changed.disconnect();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [root, api]);
}
