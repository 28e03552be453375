import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { tracer } from './powertools.ts';

/** Locally AWS_ENDPOINT_URL_EVENTBRIDGE points this at the embedded stack's bus. */
export const eventBridge = tracer.captureAWSv3Client(new EventBridgeClient({}));
