import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { describeConfig, secretEnvNames } from '@xcr/contracts';
import { runbookThresholds } from '../ops/canary-decision.ts';
import { validateObject } from './k8s-validate.ts';
import { allContainers, podTemplateOf, selects, type PodTemplate } from './pod-specs.ts';
import { hasKubectl, kustomizations, readYamlFile, renderKustomization, type K8sObject } from './render.ts';
import { readRunbookTriggers } from './runbook-triggers.ts';

const appRoles = ['api', 'worker', 'scheduler', 'web'] as const;
/** The one container allowed to run as root (it reads the node's log files); see deploy/monitoring/k8s/promtail.yaml. */
const rootAllowed = new Set(['DaemonSet/xcr-promtail']);

function byKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  assert.ok(found, `${kind}/${name} is rendered`);
  return found;
}

function workloadsOf(objects: K8sObject[]): PodTemplate[] {
  return objects.map(podTemplateOf).filter((p): p is PodTemplate => p !== undefined);
}

function appDeployment(objects: K8sObject[], role: (typeof appRoles)[number]): PodTemplate {
  return podTemplateOf(find(objects, 'Deployment', `xcr-${role}`))!;
}

describe('kubernetes manifests (kubectl kustomize, offline)', { skip: hasKubectl() ? false : 'kubectl is not installed' }, () => {
  const rendered = new Map<string, K8sObject[]>();
  const secretTemplates = readYamlFile('deploy/k8s/secrets/secrets.template.yaml');

  before(() => {
    for (const k of kustomizations) rendered.set(k, renderKustomization(k));
  });

  it('renders base, staging and production, and every object validates against its schema', () => {
    for (const [k, objects] of rendered) {
      assert.ok(objects.length > 40, `${k} renders its objects`);
      const problems = objects.flatMap(validateObject);
      assert.deepEqual(problems, [], `${k}: schema problems`);
      const names = objects.map((o) => `${o.kind}/${o.metadata.name}`);
      assert.equal(new Set(names).size, names.length, `${k}: no duplicate objects`);
    }
    assert.deepEqual(secretTemplates.flatMap(validateObject), []);
  });

  it('puts each overlay in its own namespace', () => {
    for (const [k, ns] of [['deploy/k8s/overlays/staging', 'staging'], ['deploy/k8s/overlays/production', 'production']] as const) {
      const objects = rendered.get(k)!;
      assert.ok(objects.every((o) => o.kind === 'Namespace' || o.metadata.namespace === ns), `${k}: every object in ${ns}`);
      assert.equal(find(objects, 'Namespace', ns).metadata.name, ns);
    }
    const production = rendered.get('deploy/k8s/overlays/production')!;
    assert.equal(find(production, 'Namespace', 'production').metadata.labels?.['istio-injection'], 'enabled');
  });

  it('gives every app Deployment liveness /health, readiness /ready, requests and limits, and a non-root read-only security context', () => {
    for (const [k, objects] of rendered) {
      for (const role of appRoles) {
        const pod = appDeployment(objects, role);
        const main = pod.spec.containers[0]!;
        assert.equal(main.livenessProbe?.httpGet?.path, '/health', `${k} ${role}: liveness`);
        assert.equal(main.readinessProbe?.httpGet?.path, '/ready', `${k} ${role}: readiness`);
        assert.equal(pod.spec.securityContext?.runAsNonRoot, true, `${k} ${role}: runAsNonRoot`);
        assert.ok((pod.spec.securityContext?.runAsUser ?? 0) > 0, `${k} ${role}: a non-zero uid`);
        for (const c of allContainers(pod.spec)) {
          for (const r of ['cpu', 'memory']) {
            assert.ok(c.resources?.requests?.[r], `${k} ${role}/${c.name}: ${r} request`);
            assert.ok(c.resources?.limits?.[r], `${k} ${role}/${c.name}: ${r} limit`);
          }
          assert.equal(c.securityContext?.allowPrivilegeEscalation, false, `${k} ${role}/${c.name}`);
          assert.equal(c.securityContext?.readOnlyRootFilesystem, true, `${k} ${role}/${c.name}`);
          assert.deepEqual(c.securityContext?.capabilities?.drop, ['ALL'], `${k} ${role}/${c.name}`);
        }
      }
    }
  });

  it('runs the one image with `serve --roles <role>` for api, worker and scheduler, pinned (no :latest)', () => {
    for (const [k, objects] of rendered) {
      for (const role of ['api', 'worker', 'scheduler'] as const) {
        const main = appDeployment(objects, role).spec.containers[0]!;
        assert.deepEqual(main.args, ['serve', '--roles', role], `${k} ${role}`);
        assert.match(main.image ?? '', /^registry\.example\.com\/xcodereviewer\/xcr:\d+\.\d+\.\d+$/, `${k} ${role}: image`);
      }
      assert.deepEqual(podTemplateOf(find(objects, 'Job', 'xcr-db-migrate'))!.spec.containers[0]!.args, ['db', 'migrate', '--json']);
      for (const w of workloadsOf(objects)) for (const c of allContainers(w.spec)) assert.doesNotMatch(c.image ?? '', /:latest$|^[^:]+$/, `${w.owner}/${c.name} pins its image`);
    }
  });

  it('holds every workload to requests, limits, no privilege escalation and (but for promtail) non-root', () => {
    for (const [k, objects] of rendered) {
      for (const w of workloadsOf(objects)) {
        for (const c of allContainers(w.spec)) {
          const where = `${k} ${w.owner}/${c.name}`;
          assert.ok(c.resources?.requests?.cpu && c.resources?.requests?.memory, `${where}: requests`);
          assert.ok(c.resources?.limits?.cpu && c.resources?.limits?.memory, `${where}: limits`);
          assert.equal(c.securityContext?.allowPrivilegeEscalation, false, where);
          assert.equal(c.securityContext?.readOnlyRootFilesystem, true, where);
          const nonRoot = c.securityContext?.runAsNonRoot ?? w.spec.securityContext?.runAsNonRoot;
          if (!rootAllowed.has(w.owner)) assert.equal(nonRoot, true, `${where}: runAsNonRoot`);
        }
      }
    }
  });

  it('has the data stores the runbook uses: PostgreSQL with a read replica and a backup CronJob, Redis, MinIO with its bucket job, the migration Job', () => {
    for (const [k, objects] of rendered) {
      find(objects, 'StatefulSet', 'xcr-postgres');
      const replica = podTemplateOf(find(objects, 'StatefulSet', 'xcr-postgres-replica'))!;
      assert.equal(replica.spec.initContainers?.[0]?.name, 'basebackup', `${k}: the replica starts from pg_basebackup`);
      const backup = podTemplateOf(find(objects, 'CronJob', 'xcr-postgres-backup'))!;
      const env = Object.fromEntries((backup.spec.containers[0]!.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));
      assert.ok(env.XCR_BACKUP_S3_BUCKET && env.XCR_BACKUP_S3_ENDPOINT && env.DATABASE_URL, `${k}: backups go to S3`);
      find(objects, 'StatefulSet', 'xcr-minio');
      find(objects, 'Job', 'xcr-minio-buckets');
      find(objects, 'Service', 'xcr-redis');
      find(objects, 'Job', 'xcr-db-migrate');
      for (const name of ['xcr-prometheus', 'xcr-loki']) find(objects, 'StatefulSet', name);
      for (const name of ['xcr-grafana', 'xcr-alertmanager']) find(objects, 'Deployment', name);
      find(objects, 'DaemonSet', 'xcr-promtail');
      assert.ok(byKind(objects, 'NetworkPolicy').some((p) => JSON.stringify((p.spec as { podSelector: unknown }).podSelector) === '{}'), `${k}: a default-deny policy`);
    }
    const production = rendered.get('deploy/k8s/overlays/production')!;
    assert.ok(!production.some((o) => o.kind === 'StatefulSet' && o.metadata.name === 'xcr-redis'), 'production drops the single Redis');
    const sentinel = podTemplateOf(find(production, 'StatefulSet', 'xcr-redis-node'))!;
    assert.deepEqual(sentinel.spec.containers.map((c) => c.name), ['redis', 'sentinel']);
    assert.equal((find(production, 'StatefulSet', 'xcr-redis-node').spec as { replicas: number }).replicas, 3);
    assert.equal((find(production, 'Service', 'xcr-redis').spec as { selector: Record<string, string> }).selector['app.kubernetes.io/component'], 'redis-proxy');
  });

  it('scales the API and workers with HPAs and protects them with PDBs', () => {
    const expectations = {
      'deploy/k8s/base': { api: [3, 10], worker: [2, 8] },
      'deploy/k8s/overlays/staging': { api: [2, 4], worker: [1, 3] },
      'deploy/k8s/overlays/production': { api: [3, 10], worker: [3, 12] },
    } as const;
    for (const [k, objects] of rendered) {
      for (const role of ['api', 'worker'] as const) {
        const hpa = find(objects, 'HorizontalPodAutoscaler', `xcr-${role}`).spec as {
          minReplicas: number;
          maxReplicas: number;
          scaleTargetRef: { kind: string; name: string };
          metrics: Array<{ resource: { name: string; target: { averageUtilization: number } } }>;
        };
        assert.deepEqual([hpa.minReplicas, hpa.maxReplicas], expectations[k as keyof typeof expectations][role], `${k} ${role} HPA bounds`);
        assert.ok(hpa.metrics.some((m) => m.resource.name === 'cpu' && m.resource.target.averageUtilization > 0), `${k} ${role}: CPU target`);
        const target = objects.find((o) => o.kind === hpa.scaleTargetRef.kind && o.metadata.name === hpa.scaleTargetRef.name);
        assert.ok(target, `${k} ${role}: the HPA target exists`);
      }
      assert.equal((find(objects, 'HorizontalPodAutoscaler', 'xcr-api').spec as { metrics: unknown[] }).metrics.length, 2, `${k}: API scales on CPU and memory`);
      for (const role of ['api', 'worker', 'web'] as const) {
        const pdb = find(objects, 'PodDisruptionBudget', `xcr-${role}`).spec as { minAvailable?: number; maxUnavailable?: number; selector: { matchLabels: Record<string, string> } };
        assert.ok(pdb.minAvailable !== undefined || pdb.maxUnavailable !== undefined, `${k} ${role}: PDB budget`);
        assert.ok(selects(pdb.selector.matchLabels, appDeployment(objects, role).labels), `${k} ${role}: the PDB selects the role's pods`);
      }
    }
    const production = rendered.get('deploy/k8s/overlays/production')!;
    assert.deepEqual(
      (find(production, 'HorizontalPodAutoscaler', 'xcr-api').spec as { scaleTargetRef: unknown }).scaleTargetRef,
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'xcr-api' },
      'in production the HPA scales the Rollout',
    );
    const stagingPdb = find(rendered.get('deploy/k8s/overlays/staging')!, 'PodDisruptionBudget', 'xcr-api').spec as { minAvailable: number };
    assert.ok(stagingPdb.minAvailable < 2, 'staging (2 API pods) still allows a drain');
  });

  it('routes production through Istio: canary weights 5/25/50/100 and `x-canary: true` pinned to the canary', () => {
    const objects = rendered.get('deploy/k8s/overlays/production')!;
    assert.equal(byKind(objects, 'Ingress').length, 0, 'the Gateway replaces the Ingress');
    const rollout = find(objects, 'Rollout', 'xcr-api').spec as {
      workloadRef: { name: string };
      strategy: { canary: { steps: Array<{ setWeight?: number; pause?: object }>; trafficRouting: { istio: { virtualService: { name: string; routes: string[] }; destinationRule: { name: string; canarySubsetName: string; stableSubsetName: string } } }; analysis: { templates: Array<{ templateName: string }>; startingStep: number } } };
    };
    const canary = rollout.strategy.canary;
    assert.deepEqual(canary.steps.filter((s) => s.setWeight !== undefined).map((s) => s.setWeight), [5, 25, 50, 100]);
    canary.steps.forEach((step, i) => {
      if (step.setWeight !== undefined && step.setWeight < 100) assert.ok(canary.steps[i + 1]?.pause, `a pause follows ${step.setWeight} %`);
    });
    assert.equal(find(objects, 'Deployment', rollout.workloadRef.name).metadata.name, 'xcr-api');
    assert.equal((find(objects, 'Deployment', 'xcr-api').spec as { replicas: number }).replicas, 0, 'the Rollout, not the Deployment, runs the API pods');

    const vs = find(objects, 'VirtualService', canary.trafficRouting.istio.virtualService.name).spec as {
      hosts: string[];
      http: Array<{ name: string; match?: Array<{ headers?: Record<string, { exact?: string }> }>; route: Array<{ destination: { host: string; subset: string }; weight: number }> }>;
    };
    const pin = vs.http[0]!;
    assert.equal(pin.match?.[0]?.headers?.['x-canary']?.exact, 'true', 'the first route matches x-canary: true');
    assert.deepEqual(pin.route.map((r) => r.destination.subset), ['canary']);
    const managed = vs.http.find((r) => r.name === canary.trafficRouting.istio.virtualService.routes[0])!;
    assert.ok(managed && !managed.match, 'the weighted route takes all other traffic');
    assert.deepEqual(managed.route.map((r) => [r.destination.subset, r.weight]), [['stable', 100], ['canary', 0]], 'between releases all traffic is stable');
    assert.ok(vs.hosts.includes('xcr-api'), 'in-mesh callers get the same routing');

    const dr = find(objects, 'DestinationRule', canary.trafficRouting.istio.destinationRule.name).spec as { host: string; subsets: Array<{ name: string }> };
    assert.deepEqual(dr.subsets.map((s) => s.name).sort(), [canary.trafficRouting.istio.destinationRule.canarySubsetName, canary.trafficRouting.istio.destinationRule.stableSubsetName].sort());
    assert.equal(dr.host, 'xcr-api');
    find(objects, 'Service', 'xcr-api');
    assert.equal(canary.analysis.startingStep, 1, 'analysis runs from the first canary step');
    find(objects, 'AnalysisTemplate', canary.analysis.templates[0]!.templateName);
  });

  it('rolls back automatically on the runbook thresholds (analysis template = runbook = canary monitor)', () => {
    const objects = rendered.get('deploy/k8s/overlays/production')!;
    const template = find(objects, 'AnalysisTemplate', 'xcr-api-canary').spec as {
      metrics: Array<{ name: string; failureLimit: number; successCondition: string; provider: { prometheus: { query: string } } }>;
    };
    const triggers = readRunbookTriggers();
    assert.equal(triggers.length, 3, 'the runbook lists three metric triggers');
    const metricFor = { errorRate: 'error-rate', p95LatencyS: 'p95-latency', dbConnectionFailureRatio: 'db-connection-failures' } as const;
    for (const trigger of triggers) {
      const metric = template.metrics.find((m) => m.name === metricFor[trigger.signal]);
      assert.ok(metric, `a metric for ${trigger.signal}`);
      const threshold = Number(/result\[0\] <= ([\d.]+)$/.exec(metric.successCondition)?.[1]);
      const windowMin = Number(/\)\[(\d+)m:30s\]\)/.exec(metric.provider.prometheus.query)?.[1]);
      assert.equal(threshold, trigger.threshold, `${metric.name}: threshold`);
      assert.equal(windowMin * 60, trigger.forS, `${metric.name}: sustained window`);
      assert.equal(metric.failureLimit, 0, `${metric.name}: first failure aborts`);
      assert.equal(runbookThresholds[trigger.signal].rollbackAbove, trigger.threshold, `canary monitor ${trigger.signal}`);
      assert.equal(runbookThresholds[trigger.signal].forS, trigger.forS, `canary monitor ${trigger.signal} duration`);
      assert.match(metric.provider.prometheus.query, /rollouts_pod_template_hash="\{\{args\.canary-hash\}\}"/, `${metric.name}: measured on canary pods only`);
    }
    const alerts = template.metrics.find((m) => m.name === 'critical-alerts');
    assert.ok(alerts?.provider.prometheus.query.includes('severity="critical"'), 'a critical alert also aborts the canary');
  });

  it('references only ConfigMaps that render and Secrets (with keys) that the templates define', () => {
    const secretKeys = new Map(secretTemplates.map((s) => [s.metadata.name, new Set(Object.keys(s.stringData ?? {}))]));
    for (const [k, objects] of rendered) {
      const configMaps = new Set(byKind(objects, 'ConfigMap').map((c) => c.metadata.name));
      for (const w of workloadsOf(objects)) {
        for (const c of allContainers(w.spec)) {
          for (const from of c.envFrom ?? []) {
            if (from.configMapRef) assert.ok(configMaps.has(from.configMapRef.name), `${k} ${w.owner}: ConfigMap ${from.configMapRef.name}`);
            if (from.secretRef) assert.ok(secretKeys.has(from.secretRef.name), `${k} ${w.owner}: Secret ${from.secretRef.name}`);
          }
          for (const e of c.env ?? []) {
            const ref = e.valueFrom?.secretKeyRef;
            if (ref) assert.ok(secretKeys.get(ref.name)?.has(ref.key), `${k} ${w.owner}: Secret ${ref.name} key ${ref.key}`);
          }
        }
        for (const v of w.spec.volumes ?? []) {
          if (v.configMap) assert.ok(configMaps.has(v.configMap.name), `${k} ${w.owner}: volume ConfigMap ${v.configMap.name}`);
          if (v.secret) assert.ok(secretKeys.has(v.secret.secretName), `${k} ${w.owner}: volume Secret ${v.secret.secretName}`);
        }
      }
    }
  });

  it('configures the app only with documented variables, and keeps secrets out of ConfigMaps', () => {
    const documented = new Set(describeConfig().map((d) => d.name));
    const secretNames = new Set<string>(secretEnvNames);
    for (const [k, objects] of rendered) {
      const config = byKind(objects, 'ConfigMap').find((c) => c.metadata.name.startsWith('xcr-config-'));
      assert.ok(config?.data, `${k}: the app ConfigMap`);
      for (const key of Object.keys(config.data)) {
        assert.ok(documented.has(key), `${k}: ${key} is in docs/configuration.md`);
        assert.ok(!secretNames.has(key), `${k}: ${key} is a secret and belongs in xcr-app-secrets`);
      }
    }
    const appSecret = secretTemplates.find((s) => s.metadata.name === 'xcr-app-secrets')!;
    for (const key of Object.keys(appSecret.stringData ?? {})) assert.ok(documented.has(key), `secret template key ${key} is documented`);
    for (const s of secretTemplates) {
      for (const [key, value] of Object.entries(s.stringData ?? {})) {
        const isIdentity = /(_USER|_EMAIL|ACCESS_KEY)$/.test(key);
        assert.ok(isIdentity || value.includes('CHANGE-ME'), `${s.metadata.name}.${key} holds a placeholder, not a value`);
      }
    }
  });
});
