// Validates rendered objects: built-in kinds against the Kubernetes OpenAPI schemas (kubernetes-models),
// custom resources against ./crd-schemas.ts.
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { DaemonSet, Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { CronJob, Job } from 'kubernetes-models/batch/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { crdSchemas } from './crd-schemas.ts';
import type { K8sObject } from './render.ts';

type Model = new (data: never) => { validate(): void };

const models: ReadonlyMap<string, Model> = new Map<string, Model>([
  ['v1/ConfigMap', ConfigMap as Model],
  ['v1/Namespace', Namespace as Model],
  ['v1/Secret', Secret as Model],
  ['v1/Service', Service as Model],
  ['v1/ServiceAccount', ServiceAccount as Model],
  ['apps/v1/Deployment', Deployment as Model],
  ['apps/v1/StatefulSet', StatefulSet as Model],
  ['apps/v1/DaemonSet', DaemonSet as Model],
  ['batch/v1/Job', Job as Model],
  ['batch/v1/CronJob', CronJob as Model],
  ['autoscaling/v2/HorizontalPodAutoscaler', HorizontalPodAutoscaler as Model],
  ['policy/v1/PodDisruptionBudget', PodDisruptionBudget as Model],
  ['networking.k8s.io/v1/Ingress', Ingress as Model],
  ['networking.k8s.io/v1/NetworkPolicy', NetworkPolicy as Model],
  ['rbac.authorization.k8s.io/v1/Role', Role as Model],
  ['rbac.authorization.k8s.io/v1/RoleBinding', RoleBinding as Model],
]);

/** Validates one object; returns the problems (empty when valid). Unknown kinds are a problem too. */
export function validateObject(object: K8sObject): string[] {
  const key = `${object.apiVersion}/${object.kind}`;
  const where = `${object.kind}/${object.metadata?.name ?? '?'}`;
  const model = models.get(key);
  if (model) {
    try {
      new model(object as never).validate();
      return [];
    } catch (err) {
      return [`${where}: ${(err as Error).message}`];
    }
  }
  const schema = crdSchemas.get(key);
  if (schema) {
    const result = schema.safeParse(object);
    return result.success ? [] : result.error.issues.map((i) => `${where}: ${i.path.join('.')}: ${i.message}`);
  }
  return [`${where}: no schema for ${key}`];
}
