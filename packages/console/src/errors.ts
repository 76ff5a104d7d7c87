import { LamaError, registerErrors, type ErrorEntry } from '@lama/lookup';

/** A sign-in link that is unknown, used already or expired. */
export class SignInError extends LamaError {
  constructor(message: string) {
    super('ERR_CONSOLE_SIGN_IN', message);
  }
}

/** A request without a live session (no cookie, or an expired one). */
export class NoSessionError extends LamaError {
  constructor(message: string) {
    super('ERR_CONSOLE_NO_SESSION', message);
  }
}

/** A request the session may not make: wrong role, missing CSRF token, another origin. */
export class ConsoleForbiddenError extends LamaError {
  constructor(message: string) {
    super('ERR_CONSOLE_FORBIDDEN', message);
  }
}

/** A request the console cannot read: bad JSON, unknown field, too large. */
export class ConsoleRequestError extends LamaError {
  constructor(message: string) {
    super('ERR_CONSOLE_REQUEST', message);
  }
}

/** A path the console does not serve. */
export class ConsoleNotFoundError extends LamaError {
  constructor(path: string) {
    super('ERR_CONSOLE_NOT_FOUND', `nothing is served at ${path}`);
  }
}

/** The codes of @lama/console, with the gRPC status their meaning matches (the console answers over HTTP: see HTTP_STATUS). */
export const CONSOLE_ERRORS = {
  ERR_CONSOLE_SIGN_IN: { type: SignInError, status: 'UNAUTHENTICATED' },
  ERR_CONSOLE_NO_SESSION: { type: NoSessionError, status: 'UNAUTHENTICATED' },
  ERR_CONSOLE_FORBIDDEN: { type: ConsoleForbiddenError, status: 'PERMISSION_DENIED' },
  ERR_CONSOLE_REQUEST: { type: ConsoleRequestError, status: 'INVALID_ARGUMENT' },
  ERR_CONSOLE_NOT_FOUND: { type: ConsoleNotFoundError, status: 'NOT_FOUND' },
} as const satisfies Record<string, ErrorEntry>;
registerErrors(CONSOLE_ERRORS);

/** The HTTP status of each console code. */
export const HTTP_STATUS: Record<keyof typeof CONSOLE_ERRORS, number> = {
  ERR_CONSOLE_SIGN_IN: 401, ERR_CONSOLE_NO_SESSION: 401, ERR_CONSOLE_FORBIDDEN: 403, ERR_CONSOLE_REQUEST: 400, ERR_CONSOLE_NOT_FOUND: 404,
};
