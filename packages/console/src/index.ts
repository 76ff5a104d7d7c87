// @lama/console: the web console of a pool (`lama console` runs it).
export { ConsoleFeed, type ConsoleFeedOptions, type GrandStreams } from './feed/console-feed.js';
export { ConsoleServer, type ConsoleServerOptions } from './http/console-server.js';
export { SessionStore, type Session, type SessionStoreOptions } from './auth/session-store.js';
export { ConsoleActions, type AdapterVerb } from './actions/console-actions.js';
export { GrandDeployments, type DeploymentActions, type GrandDeployer } from './actions/grand-deployments.js';
export { loadPage, PAGE_DIR } from './http/static-page.js';
export { SignInError, NoSessionError, ConsoleForbiddenError, ConsoleRequestError, ConsoleNotFoundError, CONSOLE_ERRORS, HTTP_STATUS } from './errors.js';
export type { FeedEvent, FeedSnapshot, FeedPool, FeedNode, FeedService, FeedAlert, FeedDecision, FeedDeployment, ServicePoint, SessionInfo, PageBoot } from '../web/src/feed-types.js';
