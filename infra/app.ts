import { App } from 'aws-cdk-lib';
import { stageFromContext } from '#infra/config';
import { applyNagChecks } from '#infra/nag';
import { addPortalStage } from '#infra/stage';

/** `npx cdk synth --all -c env=dev` — one environment's stacks per run. */
const app = new App();
const stacks = addPortalStage(app, stageFromContext(app));
applyNagChecks(app, stacks);
