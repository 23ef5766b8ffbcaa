// W3C trace context with OpenTelemetry (docs/observability.md): every inbound request continues the
// caller's `traceparent` or starts a trace; DIGIT calls and CU callbacks carry it on; log lines name its
// trace id. The context lives in AsyncLocalStorage, so it follows awaits without being passed around.
// Spans leave the process only when OTEL_EXPORTER_OTLP_ENDPOINT is set; without it they are dropped
// as they end (no processor), which costs a few object allocations per request.
import {
  ROOT_CONTEXT, SpanKind, SpanStatusCode, context, defaultTextMapGetter, defaultTextMapSetter, trace,
  type Context, type Span, type Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

// one context manager per process (OpenTelemetry's own rule); a second call changes nothing
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

const propagator = new W3CTraceContextPropagator();

export interface TracingOptions {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: base URL of an OTLP/HTTP receiver; spans go to `<it>/v1/traces` */
  endpoint?: string;
  /** OTEL_SERVICE_NAME */
  serviceName: string;
}

export class Tracing {
  private readonly provider: TracerProvider;
  readonly tracer: Tracer;
  readonly exporting: boolean;

  constructor(o: TracingOptions) {
    const spanProcessors = o.endpoint
      ? [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${o.endpoint.replace(/\/+$/, '')}/v1/traces` }), scheduledDelayMillis: 1000 })]
      : [];
    this.exporting = spanProcessors.length > 0;
    this.provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': o.serviceName }), spanProcessors });
    this.tracer = this.provider.getTracer('bbps-digit-adapter');
  }

  /** Sends what is buffered and stops exporting (service close). */
  shutdown(): Promise<void> {
    return this.provider.shutdown();
  }
}

// The service's tracing, set by the composition root; before that (unit tests), spans go nowhere.
let active = new Tracing({ serviceName: 'bbps-digit-adapter' });

/** Makes `t` the process's tracing (the composition root, once per service start). */
export function useTracing(t: Tracing): void {
  active = t;
}

/** The context a `traceparent` header names, or the root context when it is absent or malformed. */
export function contextOf(traceparent: string | undefined): Context {
  if (!traceparent) return ROOT_CONTEXT;
  return propagator.extract(ROOT_CONTEXT, { traceparent }, defaultTextMapGetter);
}

/** Starts a span continuing `traceparent` (a new trace without one); the caller ends it. */
export function startSpan(name: string, traceparent: string | undefined, kind: SpanKind = SpanKind.SERVER): { span: Span; ctx: Context } {
  const parent = contextOf(traceparent);
  const span = active.tracer.startSpan(name, { kind }, parent);
  return { span, ctx: trace.setSpan(parent, span) };
}

/**
 * Runs `fn` in a span: a child of the active one, of `traceparent` when given (background work
 * resuming a stored trace), or the root of a new trace with `root` (background work no request
 * caused, such as a sweep). The span records a thrown error and ends when `fn` settles.
 */
export async function inSpan<T>(name: string, fn: (span: Span) => Promise<T>, opts: { traceparent?: string; root?: boolean; kind?: SpanKind } = {}): Promise<T> {
  const parent = opts.root ? ROOT_CONTEXT : opts.traceparent !== undefined ? contextOf(opts.traceparent) : context.active();
  const span = active.tracer.startSpan(name, { kind: opts.kind ?? SpanKind.INTERNAL }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (e) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: String((e as Error)?.message ?? e).slice(0, 200) });
    throw e;
  } finally {
    span.end();
  }
}

/** The active trace context as a `traceparent` value (what outbound calls and stored work carry). */
export function currentTraceparent(ctx: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  propagator.inject(ctx, carrier, defaultTextMapSetter);
  return carrier.traceparent;
}

/** Headers for an outbound call: `traceparent` of the active span, when there is one. */
export function traceHeaders(): Record<string, string> {
  const tp = currentTraceparent();
  return tp ? { traceparent: tp } : {};
}

/** The active trace id (every log line of a request and of the work it causes carries it). */
export function currentTraceId(): string | undefined {
  const sc = trace.getSpan(context.active())?.spanContext();
  return sc && trace.isSpanContextValid(sc) ? sc.traceId : undefined;
}

/** Runs `fn` with `ctx` active, and binds emitters (a request body read by a parser) to it. */
export function withContext<T>(ctx: Context, emitters: NodeJS.EventEmitter[], fn: () => T): T {
  for (const e of emitters) context.bind(ctx, e);
  return context.with(ctx, fn);
}

export { SpanKind, SpanStatusCode, type Span };
