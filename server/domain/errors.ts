/** Domain errors carry a stable code from the shared registry; handlers turn them into envelopes. */
import { messageOf, type ErrorCode, type ErrorIssue } from '../../contracts'

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
