/**
 * Where the popover goes: centred under the tray icon (or above it when the tray sits at the
 * bottom of the screen, as on many Linux and Windows panels), then pushed back inside the
 * display's work area so no edge is ever off screen. Pure: coordinates in, coordinates out.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Gap between the tray icon (or the menu bar) and the popover. */
const GAP = 4;

/** The popover is never shorter than this, and grows with its content up to the maximum. */
export const POPOVER_MIN_HEIGHT = 120;
export const POPOVER_MAX_HEIGHT = 640;

/** The window's height for content of `contentHeight`: at most the maximum, and never taller than the screen allows. */
export function popoverHeight(contentHeight: number, workArea: Rect): number {
  const room = Math.max(POPOVER_MIN_HEIGHT, workArea.height - 2 * GAP);
  return Math.round(Math.min(Math.max(contentHeight, POPOVER_MIN_HEIGHT), POPOVER_MAX_HEIGHT, room));
}

function clamp(value: number, min: number, max: number): number {
  // A window wider than the work area keeps its left (top) edge on screen.
  return Math.max(min, Math.min(value, max));
}

export function popoverPosition(tray: Rect, size: Size, workArea: Rect): { x: number; y: number } {
  const trayCentreY = tray.y + tray.height / 2;
  const trayAtBottom = trayCentreY > workArea.y + workArea.height / 2;
  const x = tray.x + tray.width / 2 - size.width / 2;
  const y = trayAtBottom ? tray.y - size.height - GAP : tray.y + tray.height + GAP;
  return {
    x: Math.round(clamp(x, workArea.x, workArea.x + workArea.width - size.width)),
    y: Math.round(clamp(y, workArea.y, workArea.y + workArea.height - size.height)),
  };
}
