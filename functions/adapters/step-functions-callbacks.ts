import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import type { WorkflowCallbacks } from '#domain/ports';
import { stepFunctions } from '#functions/shared/stepfunctions';

/** Resumes a waiting workflow task. Locally the same call reaches the embedded Step Functions emulator. */
export const stepFunctionsCallbacks: WorkflowCallbacks = {
  async succeed(taskToken, output) {
    await stepFunctions.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
  },
};
