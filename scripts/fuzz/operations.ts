/**
 * The operations of the served OpenAPI document, in the shape the fuzzer needs, and the routes Fastify actually
 * serves (from `printRoutes`), so a test can check that the document lists every one of them.
 */
import type { JsonSchema } from './schema-values.ts';

/** A path or query parameter. */
export interface Parameter {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

/** One path × method of the document. */
export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI path, `/api/v1/projects/{id}`. */
  template: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The JSON body schema, when the document gives one. */
  body?: { schema: JsonSchema; isRequired: boolean };
  /** Whether the operation names a security scheme (needs a token). */
  isSecured: boolean;
}

interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonSchema;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  security?: unknown[];
}

/** The subset of an OpenAPI 3.1 document read here. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of `doc`, in document order. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      const params = (where: string): Parameter[] =>
        (op.parameters ?? [])
          .filter((p) => p.in === where)
          .map((p) => ({ name: p.name, required: p.required ?? false, schema: p.schema ?? {} }));
      const jsonBody = op.requestBody?.content?.['application/json']?.schema;
      out.push({
        method: method.toUpperCase() as Operation['method'],
        template,
        pathParams: params('path'),
        queryParams: params('query'),
        ...(jsonBody ? { body: { schema: jsonBody, isRequired: op.requestBody?.required ?? false } } : {}),
        isSecured: (op.security ?? []).length > 0,
      });
    }
  }
  return out;
}

/** `METHOD /path/{param}` for an operation, the form failures and coverage are reported in. */
export function operationKey(method: string, template: string): string {
  return `${method.toUpperCase()} ${template}`;
}

/**
 * The routes of Fastify's `printRoutes({ commonPrefix: false })` tree as `METHOD /path/{param}` keys (HEAD and
 * OPTIONS left out: Fastify adds them on its own). Each line is a path segment indented four columns per level
 * under its parent, followed by its methods in parentheses.
 */
export function routesFromTree(tree: string): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)(?:[├└]── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const path = `${stack[depth - 1] ?? ''}${match[2]}`;
    stack[depth] = path;
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim())) {
      if (method === '' || method === 'HEAD' || method === 'OPTIONS') continue;
      const template = path.replace(/\/\/+/g, '/').replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      out.push(operationKey(method, template));
    }
  }
  return out;
}
