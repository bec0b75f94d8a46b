/**
 * The popover's hardening that lives outside its BrowserWindow options: the Content-Security-Policy
 * as a response header (the same policy as renderer/index.html's meta tag, so it holds even if the
 * tag is lost) and no permission (camera, notifications, …) ever granted to web content.
 */
import type { Session, WebContents } from 'electron';

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'";

export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}

/** The popover never navigates away, opens windows or embeds webviews. */
export function lockNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
