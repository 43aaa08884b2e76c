package dev.sessionkit.host.marketplace;

import java.nio.file.Path;

/**
 * A release downloaded from a repository with its checksum verified.
 *
 * @param pluginId   the plugin id the repository lists it under
 * @param version    the release's version
 * @param repository the id of the repository it came from
 * @param jar        the downloaded jar, in a temporary directory; discard it with
 *                   {@link dev.sessionkit.host.plugins.PluginSource#discard} when done
 */
record FetchedRelease(String pluginId, String version, String repository, Path jar) {
}
