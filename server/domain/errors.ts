/** Domain errors carry a stable code from the shared registry; handlers turn them into envelopes. */
import { messageOf, type ErrorCode } from '../../contracts/errors'
import type { ErrorIssue } from '../../contracts/result'

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly issues?: ErrorIssue[],
  ) {
    super(message ?? messageOf(code))
    this.name = 'AppError'
  }
}

export const fail = (code: ErrorCode, message?: string): never => {
  throw new AppError(code, message)
}
