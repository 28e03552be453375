import { SFNClient } from '@aws-sdk/client-sfn';
import { tracer } from './powertools.ts';

/** Locally AWS_ENDPOINT_URL_SFN points this at the embedded stack's Step Functions emulator. */
export const stepFunctions = tracer.captureAWSv3Client(new SFNClient({}));
