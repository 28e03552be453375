import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Stage } from '#infra/config';
import { buildPortalApp, type PortalStacks } from '#infra/stage';

export type SynthesizedPortal = ReturnType<typeof buildPortalApp> & {
  /** The stack's synthesized template, read from the one cloud assembly (no second synthesis). */
  readonly template: (stack: Stack) => Template;
  readonly templates: Record<keyof PortalStacks, Template>;
  /** `validation-report.json` of the synthesis: the cdk-nag plugin report. */
  readonly validationReport: ValidationReport;
};

export interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly conclusion: string;
    readonly violations: readonly { readonly ruleName: string }[];
    readonly suppressedViolations?: readonly { readonly ruleName: string; readonly acknowledgedId: string; readonly reason: string }[];
  }[];
}

/**
 * One stage's app synthesized once, bundling skipped (fast), cdk-nag registered exactly as in
 * `cdk synth`: synthesis itself fails on any unacknowledged finding.
 */
export function synthesizePortal(stage: Stage): SynthesizedPortal {
  const built = buildPortalApp(stage, { skipBundling: true });
  const assembly = built.app.synth();
  const template = (stack: Stack) => Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template as Record<string, unknown>);
  const { app: _app, ...stacks } = built;
  const templates = Object.fromEntries(
    Object.entries(stacks).map(([key, stack]) => [key, template(stack)]),
  ) as Record<keyof PortalStacks, Template>;
  const validationReport = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport;
  return { ...built, template, templates, validationReport };
}

/** Resources of one type in a template, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, { Properties: Record<string, unknown> } & Record<string, unknown>> {
  return template.findResources(type) as Record<string, { Properties: Record<string, unknown> } & Record<string, unknown>>;
}

export const tagValue = (properties: Record<string, unknown>, key: string): string | undefined =>
  ((properties.Tags ?? []) as { Key: string; Value: string }[]).find((tag) => tag.Key === key)?.Value;

/** The `{ StackName, OutputName }` of a weak cross-stack reference (`Fn::GetStackOutput`), if `value` is one. */
export const stackOutputOf = (value: unknown): { StackName?: unknown; OutputName?: unknown } | undefined =>
  (value as { 'Fn::GetStackOutput'?: { StackName?: unknown; OutputName?: unknown } } | undefined)?.['Fn::GetStackOutput'];
