import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from './powertools.ts';

/**
 * Created once per process and traced. The endpoint comes from the SDK's standard resolution
 * (AWS_ENDPOINT_URL_DYNAMODB locally), so handlers never know whether they talk to DynamoDB Local.
 */
export const documentClient = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
  marshallOptions: { removeUndefinedValues: true },
});
