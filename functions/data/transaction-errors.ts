import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** A cancelled transaction, one of whose items was refused for `code` (DynamoDB's CancellationReasons). */
const cancelledFor = (error: unknown, code: 'ConditionalCheckFailed' | 'TransactionConflict'): boolean =>
  error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((reason) => reason.Code === code);

/** A transaction cancelled because one of its conditions failed. */
export const cancelledByCondition = (error: unknown): boolean => cancelledFor(error, 'ConditionalCheckFailed');

/** A transaction cancelled because another transaction was writing one of its items (DynamoDB does not retry it). */
export const cancelledByConflict = (error: unknown): boolean => cancelledFor(error, 'TransactionConflict');
