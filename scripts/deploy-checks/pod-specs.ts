// Reads pod templates out of workload objects, whatever their kind, for the assertions of the tests.
import type { K8sObject } from './render.ts';

/** A container as the assertions read it. */
export interface ContainerSpec {
  name: string;
  image?: string;
  args?: string[];
  command?: string[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; capabilities?: { drop?: string[] } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } } }>;
}

/** A pod template's spec as the assertions read it. */
export interface PodSpec {
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  volumes?: Array<{ name: string; configMap?: { name: string }; secret?: { secretName: string } }>;
}

/** A workload's pod template: labels and spec. */
export interface PodTemplate {
  owner: string;
  labels: Record<string, string>;
  spec: PodSpec;
}

/** The pod template of a Deployment, StatefulSet, DaemonSet, Job or CronJob; undefined for other kinds. */
export function podTemplateOf(object: K8sObject): PodTemplate | undefined {
  const spec = object.spec as Record<string, unknown> | undefined;
  if (!spec) return undefined;
  let template: { metadata?: { labels?: Record<string, string> }; spec: PodSpec } | undefined;
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(object.kind)) template = spec.template as typeof template;
  if (object.kind === 'CronJob') template = ((spec.jobTemplate as { spec: { template: typeof template } }).spec.template);
  if (!template) return undefined;
  return { owner: `${object.kind}/${object.metadata.name}`, labels: template.metadata?.labels ?? {}, spec: template.spec };
}

/** Every container of a pod, init containers included. */
export function allContainers(pod: PodSpec): ContainerSpec[] {
  return [...(pod.initContainers ?? []), ...pod.containers];
}

/** Whether a label selector's matchLabels all hold for `labels`. */
export function selects(matchLabels: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
}
