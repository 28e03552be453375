import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
const c = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => c.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }));
