import type { ExpressionScope } from '@runtime-hub/graph';
import type { ExpressionLimits } from './expression-limits';
import { ExpressionRunner } from './expression.runner';
import type { EvaluateRequest, SandboxMessage } from './sandbox.messages';

/**
 * The sandbox process (started by SandboxProcess through sandbox.child-entry.js): its limits
 * come as the first argument (JSON); it evaluates one request at a time and answers each with
 * an outcome, announcing every expression it starts so the parent can time it. It exits when
 * its parent goes away.
 */
const limits = JSON.parse(process.argv[2] ?? '{}') as ExpressionLimits;
const runner = new ExpressionRunner(limits);

function send(message: SandboxMessage): void {
  process.send?.(message);
}

process.on('message', (request: EvaluateRequest) => {
  void runner
    .evaluateAll(request.expressions, request.scope as ExpressionScope, (index) => {
      // The parent starts the first expression's deadline when it sends the request.
      if (index > 0) send({ type: 'progress', id: request.id, index });
    })
    .then((outcome) => send({ type: 'outcome', id: request.id, outcome }));
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
