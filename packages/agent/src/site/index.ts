// The site store (published trees), the node cache and replicas, and the cache snapshot.
export { parseSiteDefinition, EMPTY_DEFINITION, type SiteDefinition, type MappingEntry, type SiteAdapter } from './site-definition.js';
export {
  SITE_MANIFEST_KIND, PUBLISHER_ROLE, SITE_NAME, MAX_MANIFEST_CHARS, checkSiteName, checkVersion, parseSiteRef, signSiteManifest, verifySiteManifest, checkManifestBody, readManifestBody,
  type SiteManifest, type TreeEntry,
} from './site-manifest.js';
export { checkTreePath, checkLinkTarget } from './tree-path.js';
export { objectKey, manifestKey, storeLayout, INDEX_KEY, type StoreLayout } from './store-layout.js';
export { SiteStore, latestVersion, type StoreIndex, type StoreVersion, type PublishResult, type PublishOptions, type GcResult } from './site-store.js';
export { StoreClient, type StoreClientOptions, type DownloadResult } from './store-client.js';
export { NodeCache, cacheName, isExecutable, type NodeCacheOptions, type CacheEntry } from './node-cache.js';
export { ReplicaSet, type Replica } from './replica-set.js';
export { SiteNode, type SiteNodeOptions, type PullResult, type StoreSource } from './site-node.js';
export { takeSnapshot, signCacheSnapshot, verifyCacheSnapshot, CACHE_SNAPSHOT_KIND, type CacheSnapshot, type SnapshotFile, type SnapshotOptions } from './cache-snapshot.js';
export { serveStore, type StoreServer } from './store-server.js';
