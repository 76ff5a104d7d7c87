// @lama/console: the web console of a pool (`lama console` runs it).
export { ConsoleFeed, type ConsoleFeedOptions, type GrandStreams } from './feed/console-feed.js';
export { ConsoleServer, type ConsoleServerOptions } from './http/console-server.js';
export { SessionStore, type Session, type SessionStoreOptions } from './auth/session-store.js';
export { ConsoleActions, deploymentsNotBuilt, type AdapterVerb, type DeploymentActions } from './actions/console-actions.js';
export { loadPage, PAGE_DIR } from './http/static-page.js';
export { SignInError, NoSessionError, ConsoleForbiddenError, ConsoleRequestError, ConsoleNotFoundError, NotBuiltError, CONSOLE_ERRORS, HTTP_STATUS } from './errors.js';
export type { FeedEvent, FeedSnapshot, FeedPool, FeedNode, FeedService, FeedAlert, FeedDecision, ServicePoint, SessionInfo } from '../web/src/feed-types.js';
