// Schemas for the custom resources kubernetes-models does not cover (Istio networking, Argo Rollouts). Strict
// objects for the parts the manifests use, so a misspelt field fails here rather than in the cluster.
import { z } from 'zod';

const Metadata = z.object({
  name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
  namespace: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

const Duration = z.string().regex(/^\d+(ms|s|m|h)$/);
const StringMatch = z.union([z.strictObject({ exact: z.string() }), z.strictObject({ prefix: z.string() }), z.strictObject({ regex: z.string() })]);

const Destination = z.strictObject({
  host: z.string().min(1),
  subset: z.string().optional(),
  port: z.strictObject({ number: z.number().int().min(1).max(65535) }).optional(),
});

const HttpRoute = z.strictObject({
  name: z.string().optional(),
  match: z.array(z.strictObject({ headers: z.record(z.string(), StringMatch).optional(), uri: StringMatch.optional() })).optional(),
  route: z
    .array(z.strictObject({ destination: Destination, weight: z.number().int().min(0).max(100).optional() }))
    .min(1)
    .refine((routes) => routes.length === 1 || routes.reduce((sum, r) => sum + (r.weight ?? 0), 0) === 100, 'weights must add up to 100'),
  timeout: Duration.optional(),
  retries: z.strictObject({ attempts: z.number().int().min(0), perTryTimeout: Duration.optional(), retryOn: z.string().optional() }).optional(),
});

/** networking.istio.io/v1beta1 VirtualService (HTTP routes). */
export const VirtualService = z.strictObject({
  apiVersion: z.literal('networking.istio.io/v1beta1'),
  kind: z.literal('VirtualService'),
  metadata: Metadata,
  spec: z.strictObject({ hosts: z.array(z.string()).min(1), gateways: z.array(z.string()).optional(), http: z.array(HttpRoute).min(1) }),
});

/** networking.istio.io/v1beta1 DestinationRule. */
export const DestinationRule = z.strictObject({
  apiVersion: z.literal('networking.istio.io/v1beta1'),
  kind: z.literal('DestinationRule'),
  metadata: Metadata,
  spec: z.strictObject({
    host: z.string().min(1),
    trafficPolicy: z
      .strictObject({
        tls: z.strictObject({ mode: z.enum(['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']) }).optional(),
        connectionPool: z
          .strictObject({
            http: z.strictObject({ http1MaxPendingRequests: z.number().int().optional(), http2MaxRequests: z.number().int().optional(), maxRequestsPerConnection: z.number().int().optional() }).optional(),
            tcp: z.strictObject({ maxConnections: z.number().int().optional(), connectTimeout: Duration.optional() }).optional(),
          })
          .optional(),
        outlierDetection: z
          .strictObject({ consecutive5xxErrors: z.number().int(), interval: Duration, baseEjectionTime: Duration, maxEjectionPercent: z.number().int().min(0).max(100) })
          .optional(),
      })
      .optional(),
    subsets: z.array(z.strictObject({ name: z.string(), labels: z.record(z.string(), z.string()) })).min(1),
  }),
});

/** networking.istio.io/v1beta1 Gateway. */
export const Gateway = z.strictObject({
  apiVersion: z.literal('networking.istio.io/v1beta1'),
  kind: z.literal('Gateway'),
  metadata: Metadata,
  spec: z.strictObject({
    selector: z.record(z.string(), z.string()),
    servers: z
      .array(
        z.strictObject({
          port: z.strictObject({ number: z.number().int(), name: z.string(), protocol: z.enum(['HTTP', 'HTTPS', 'HTTP2', 'GRPC', 'TCP', 'TLS']) }),
          tls: z.strictObject({ mode: z.enum(['SIMPLE', 'MUTUAL', 'PASSTHROUGH', 'ISTIO_MUTUAL']).optional(), credentialName: z.string().optional(), httpsRedirect: z.boolean().optional() }).optional(),
          hosts: z.array(z.string()).min(1),
        }),
      )
      .min(1),
  }),
});

const RolloutStep = z.union([
  z.strictObject({ setWeight: z.number().int().min(0).max(100) }),
  z.strictObject({ pause: z.strictObject({ duration: Duration.optional() }) }),
]);

const AnalysisArg = z.strictObject({
  name: z.string(),
  value: z.string().optional(),
  valueFrom: z.strictObject({ podTemplateHashValue: z.enum(['Stable', 'Latest']) }).optional(),
});

/** argoproj.io/v1alpha1 Rollout (canary with Istio traffic routing, pods from a Deployment). */
export const Rollout = z.strictObject({
  apiVersion: z.literal('argoproj.io/v1alpha1'),
  kind: z.literal('Rollout'),
  metadata: Metadata,
  spec: z.strictObject({
    replicas: z.number().int().min(0).optional(),
    revisionHistoryLimit: z.number().int().min(0).optional(),
    selector: z.strictObject({ matchLabels: z.record(z.string(), z.string()) }),
    workloadRef: z.strictObject({ apiVersion: z.literal('apps/v1'), kind: z.literal('Deployment'), name: z.string(), scaleDown: z.enum(['never', 'onsuccess', 'progressively']).optional() }),
    strategy: z.strictObject({
      canary: z.strictObject({
        abortScaleDownDelaySeconds: z.number().int().min(0).optional(),
        trafficRouting: z.strictObject({
          istio: z.strictObject({
            virtualService: z.strictObject({ name: z.string(), routes: z.array(z.string()).min(1) }),
            destinationRule: z.strictObject({ name: z.string(), canarySubsetName: z.string(), stableSubsetName: z.string() }),
          }),
        }),
        analysis: z.strictObject({
          templates: z.array(z.strictObject({ templateName: z.string() })).min(1),
          startingStep: z.number().int().min(0).optional(),
          args: z.array(AnalysisArg).optional(),
        }),
        steps: z.array(RolloutStep).min(1),
      }),
    }),
  }),
});

/** argoproj.io/v1alpha1 AnalysisTemplate with Prometheus metrics. */
export const AnalysisTemplate = z.strictObject({
  apiVersion: z.literal('argoproj.io/v1alpha1'),
  kind: z.literal('AnalysisTemplate'),
  metadata: Metadata,
  spec: z.strictObject({
    args: z.array(z.strictObject({ name: z.string(), value: z.string().optional() })).optional(),
    metrics: z
      .array(
        z.strictObject({
          name: z.string(),
          interval: Duration,
          failureLimit: z.number().int().min(0),
          consecutiveErrorLimit: z.number().int().min(0).optional(),
          successCondition: z.string().min(1),
          provider: z.strictObject({ prometheus: z.strictObject({ address: z.string(), query: z.string().min(1) }) }),
        }),
      )
      .min(1),
  }),
});

/** Schema per `apiVersion/kind` for the custom resources. */
export const crdSchemas: ReadonlyMap<string, z.ZodType> = new Map<string, z.ZodType>([
  ['networking.istio.io/v1beta1/VirtualService', VirtualService],
  ['networking.istio.io/v1beta1/DestinationRule', DestinationRule],
  ['networking.istio.io/v1beta1/Gateway', Gateway],
  ['argoproj.io/v1alpha1/Rollout', Rollout],
  ['argoproj.io/v1alpha1/AnalysisTemplate', AnalysisTemplate],
]);
