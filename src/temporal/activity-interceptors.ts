import type { Context } from '@temporalio/activity';
import { OpenTelemetryActivityInboundInterceptor } from '@temporalio/interceptors-opentelemetry/lib/worker/index.js';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import type { Metrics } from '../observability/metrics.js';
import { toActivityFailure } from './activity-failures.js';

/** Times every attempt of every activity: each activity is one step of an order's workflow. */
class StepDurationInterceptor implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly ctx: Context,
    private readonly metrics: Metrics,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const stop = this.metrics.stepDuration.startTimer({ step: this.ctx.info.activityType });
    try {
      const result = await next(input);
      stop({ outcome: 'success' });
      return result;
    } catch (error) {
      stop({ outcome: 'failure' });
      throw toActivityFailure(error);
    }
  }
}

export function activityInterceptors(metrics: Metrics): ActivityInterceptorsFactory[] {
  return [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx) }), (ctx) => ({ inbound: new StepDurationInterceptor(ctx, metrics) })];
}
