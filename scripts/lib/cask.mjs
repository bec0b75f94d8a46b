// The Homebrew cask for a Hermes Bar release, generated from the release build: the version, the
// feed URL of each Mac zip (arm64, x64) and their sha256, the macOS the app needs, the app and its
// `hermes-bar` command, how to quit it on uninstall, and what `brew uninstall --zap` removes: the
// app's own settings, logs and caches, never the gateway's files (~/.hermes, the launchd agent).

/**
 * macOS major versions by Homebrew's names. `depends_on macos: :ventura` means Ventura or newer;
 * the string form (">= :ventura") is deprecated since Homebrew 6.0 and warns on every brew update.
 */
const MACOS_NAMES = { 13: 'ventura', 14: 'sonoma', 15: 'sequoia', 26: 'tahoe' };

export function macosSymbol(minimumSystemVersion) {
  const major = Number.parseInt(String(minimumSystemVersion), 10);
  const name = MACOS_NAMES[major];
  if (!name) throw new Error(`no Homebrew name for macOS ${minimumSystemVersion}`);
  return `:${name}`;
}

/** What `zap` removes: Electron's userData, the app's log folder, caches, preferences, saved state. */
export function zapPaths({ productName, appId, updaterCacheDirName }) {
  return [
    `~/Library/Application Support/${productName}`,
    `~/Library/Caches/${appId}`,
    `~/Library/Caches/${updaterCacheDirName}`,
    `~/Library/HTTPStorages/${appId}`,
    `~/Library/Logs/${productName}`,
    `~/Library/Preferences/${appId}.plist`,
    `~/Library/Saved Application State/${appId}.savedState`,
  ];
}

const ruby = (text) => JSON.stringify(text); // a double-quoted Ruby string: JSON's escapes are Ruby's

/**
 * @param {object} release
 * @param {string} release.token     the cask's name (hermes-bar)
 * @param {string} release.version
 * @param {string} release.feedUrl   the update feed, which holds every release's artefacts
 * @param {string} release.homepage  the project's page (package.json's homepage)
 * @param {string} release.zipName   the zip's name with #{version} and #{arch} left for Ruby
 * @param {{arm64: string, x64: string}} release.sha256
 */
export function renderCask({ token, version, feedUrl, homepage, zipName, sha256, productName, appId, description, minimumSystemVersion, updaterCacheDirName, command }) {
  const zap = zapPaths({ productName, appId, updaterCacheDirName });
  return `cask ${ruby(token)} do
  arch arm: "arm64", intel: "x64"

  version ${ruby(version)}
  sha256 arm:   ${ruby(sha256.arm64)},
         intel: ${ruby(sha256.x64)}

  url "${feedUrl.replace(/\/$/, '')}/${zipName}"
  name ${ruby(productName)}
  desc ${ruby(description)}
  homepage ${ruby(homepage)}

  # The app updates itself (electron-updater); brew upgrade leaves it to that unless --greedy.
  auto_updates true
  depends_on macos: ${macosSymbol(minimumSystemVersion)}

  app ${ruby(`${productName}.app`)}
  binary "#{appdir}/${productName}.app/${command}"

  uninstall quit: ${ruby(appId)}

  # The app's own files only: the gateway's (~/.hermes, ~/Library/LaunchAgents/ai.hermes.*) stay.
  zap trash: [
${zap.map((p) => `    ${ruby(p)},`).join('\n')}
  ]
end
`;
}
