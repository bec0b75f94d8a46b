/** Desktop notifications: notify-policy decides, this shows them (clicking one opens the popover). */
import { Notification } from 'electron';
import type { OperationResponse, StatusSnapshot } from '../service/types.js';
import { NoticeLimiter, noticeForOperation, noticesForChange } from './notify-policy.js';
import type { Notice } from './notify-policy.js';

export class Notifier {
  private previous: StatusSnapshot | null = null;
  // Held until closed: a notification that is garbage-collected loses its click handler.
  private readonly shown = new Set<Notification>();

  constructor(
    private readonly onClick: () => void,
    private readonly limiter: NoticeLimiter = new NoticeLimiter(),
    private readonly now: () => number = Date.now,
  ) {}

  observe(snapshot: StatusSnapshot): void {
    const previous = this.previous;
    this.previous = snapshot;
    for (const notice of noticesForChange(previous, snapshot)) this.show(notice);
  }

  operationFinished(response: OperationResponse): void {
    const notice = noticeForOperation(response);
    if (notice) this.show(notice);
  }

  private show(notice: Notice): void {
    if (!Notification.isSupported() || !this.limiter.allow(notice.kind, this.now())) return;
    const notification = new Notification({ title: notice.title, body: notice.body });
    const forget = (): void => {
      this.shown.delete(notification);
    };
    notification.on('click', () => {
      forget();
      this.onClick();
    });
    notification.on('close', forget);
    this.shown.add(notification);
    notification.show();
  }
}
