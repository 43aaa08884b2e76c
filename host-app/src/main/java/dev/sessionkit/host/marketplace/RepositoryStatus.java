package dev.sessionkit.host.marketplace;

/**
 * How one configured repository answered.
 *
 * @param id      its id
 * @param url     its URL
 * @param plugins how many usable plugin entries its index lists
 * @param problem why its index could not be read or entries were left out, or null
 */
record RepositoryStatus(String id, String url, int plugins, String problem) {
}
